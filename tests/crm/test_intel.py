"""Market intelligence (MKT-1): recording competitors' prices, finding them by competitor,
product and date, the chart of prices over time, corrections and audited deletions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import AuditEvent
from yunying.crm import selectors
from yunying.crm.lists import intel_rows
from yunying.crm.models import Competitor, MarketIntel
from yunying.crm.services import intel

pytestmark = [pytest.mark.django_db, pytest.mark.clause("MKT-1")]

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def entries(people: Any) -> dict[str, Any]:
    mkt = people("mkt_lead")
    alpha = Competitor.objects.create(name="甲光伏")
    beta = Competitor.objects.create(name="乙新能源")
    made = []
    for competitor, product, price, days in (
        (alpha, "550W 单晶组件", "0.92", 0),
        (alpha, "550W 单晶组件", "0.88", 30),
        (alpha, "逆变器 5kW", "2100", 10),
        (beta, "550W 单晶组件", "0.95", 0),
        (beta, "550W 单晶组件", "0.90", 30),
    ):
        made.append(
            intel.record_intel(
                actor=mkt,
                competitor=competitor,
                product=product,
                price=Decimal(price),
                unit="W",
                source=MarketIntel.Source.EXHIBITION,
                observed_on=DAY + datetime.timedelta(days=days),
            )
        )
    return {"alpha": alpha, "beta": beta, "entries": made}


def test_filter_by_competitor_product_and_date(people: Any, entries: dict[str, Any]) -> None:
    analyst = people("data_analyst")
    alpha = entries["alpha"].pk
    assert intel_rows(analyst, {"competitor": str(alpha)}).count() == 3
    assert intel_rows(analyst, {"product": "550W"}).count() == 4
    assert intel_rows(analyst, {"competitor": str(alpha), "product": "逆变器"}).count() == 1
    since = (DAY + datetime.timedelta(days=5)).isoformat()
    assert intel_rows(analyst, {"since": since}).count() == 3
    assert intel_rows(analyst, {"until": DAY.isoformat()}).count() == 2
    assert intel_rows(analyst, {"q": "乙新能源"}).count() == 2
    assert intel_rows(analyst, {"since": "not a date"}).count() == 5


def test_chart_has_one_series_per_competitor_and_product(entries: dict[str, Any]) -> None:
    rows = MarketIntel.objects.select_related("competitor").filter(product__startswith="550W")
    chart = selectors.price_series(rows)
    series = {s["name"]: s["data"] for s in chart["series"]}
    assert series == {
        "乙新能源 · 550W 单晶组件": [["2026-03-02", 0.95], ["2026-04-01", 0.9]],
        "甲光伏 · 550W 单晶组件": [["2026-03-02", 0.92], ["2026-04-01", 0.88]],
    }


def test_refusals_name_the_field(people: Any, entries: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "actor": people("mkt_lead"),
        "competitor": entries["alpha"],
        "product": "x",
        "price": Decimal("1"),
        "source": "website",
        "observed_on": DAY,
    }
    for change, field in (
        ({"price": Decimal("-1")}, "price"),
        ({"currency": "RMBX"}, "currency"),
        ({"source": "rumour"}, "source"),
        ({"observed_on": timezone.localdate() + datetime.timedelta(days=3)}, "observed_on"),
        ({"product": "  "}, "product"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            intel.record_intel(**{**values, **change})
        assert refused.value.field == field
    with pytest.raises(NotAllowed):
        intel.record_intel(**{**values, "actor": people("buyer")})


def test_author_corrects_and_deletes_and_the_deletion_is_audited(
    people: Any, entries: dict[str, Any]
) -> None:
    entry = entries["entries"][0]
    with pytest.raises(NotAllowed):
        intel.update_intel(actor=people("ops_supervisor"), entry=entry, price=Decimal("1"))
    intel.update_intel(actor=people("mkt_lead"), entry=entry, price=Decimal("0.91"))
    entry.refresh_from_db()
    assert entry.price == Decimal("0.91")
    intel.delete_intel(actor=people("mkt_lead"), entry=entry)
    assert not MarketIntel.objects.filter(pk=entry.pk).exists()
    event = AuditEvent.objects.filter(action="crm.delete_intel").latest("id")
    assert event.object_id == str(entry.pk) and event.clause == "MKT-1"
    assert event.object_type == "crm.marketintel"


def test_list_page_filters_and_its_statements_do_not_grow(
    web: Any, people: Any, entries: dict[str, Any]
) -> None:
    client = web("data_analyst")
    response = client.get("/crm/intel/", {"competitor": entries["beta"].pk})
    assert response.status_code == 200
    assert response.content.decode().count("乙新能源") >= 2
    with CaptureQueriesContext(connection) as few:
        client.get("/crm/intel/")
    mkt = people("mkt_lead")
    for n in range(20):
        intel.record_intel(
            actor=mkt,
            competitor=entries["beta"],
            product=f"P{n}",
            price=Decimal(n),
            source="website",
            observed_on=DAY,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/crm/intel/").status_code == 200
    assert len(many) == len(few)
    assert web("buyer").get("/crm/intel/").status_code == 403


def test_competitors_are_kept_by_those_who_record(web: Any, api: Any) -> None:
    client = web("mkt_lead")
    assert client.get("/crm/competitors/").status_code == 200
    assert client.post("/crm/competitors/", {"name": "戊光电"}).status_code == 302
    competitor = Competitor.objects.get(name="戊光电")
    again = client.post("/crm/competitors/", {"name": "戊光电"})
    assert again.status_code == 200  # the form shows the refusal
    assert Competitor.objects.filter(name="戊光电").count() == 1
    client.post(f"/crm/competitors/{competitor.pk}/active/")
    competitor.refresh_from_db()
    assert not competitor.active
    assert web("data_analyst").get("/crm/competitors/").status_code == 403
    made = api("mkt_lead").post("/api/v1/competitors/", {"name": "己能源"}, format="json")
    assert made.status_code == 201
    dup = api("mkt_lead").post("/api/v1/competitors/", {"name": "己能源"}, format="json")
    assert dup.status_code == 400 and dup.json()["field"] == "name"
    paused = api("mkt_lead").post(
        f"/api/v1/competitors/{made.json()['id']}/active/", {"active": False}, format="json"
    )
    assert paused.status_code == 200 and paused.json()["active"] is False


def test_the_search_box_finds_intelligence_by_competitor(
    people: Any, entries: dict[str, Any]
) -> None:
    from yunying.core import search

    def found(username: str) -> int:
        groups = search.search(people(username), "乙新能源")
        return sum(len(g.hits) for g in groups if g.name == "crm.intel")

    assert found("data_analyst") == 2
    assert found("buyer") == 0
