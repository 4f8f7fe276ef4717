"""The customer-relations API: contacts with follow-ups (COMM-3) and market intelligence with
its chart (MKT-1), round trips and refusals naming the field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from yunying.core.models import Task
from yunying.crm.models import Competitor
from yunying.masterdata.models import Customer, Supplier

pytestmark = pytest.mark.django_db

WHEN = (timezone.now() - datetime.timedelta(hours=3)).isoformat()


def _customer() -> Customer:
    return Customer.objects.filter(active=True).order_by("code").first()  # type: ignore[return-value]


@pytest.mark.clause("COMM-3")
def test_contact_round_trip_with_a_follow_up(api: Any, people: Any) -> None:
    owner = people("cs_agent")
    due = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    client = api("cs_lead")
    response = client.post(
        "/api/v1/contacts/",
        {
            "customer": _customer().pk,
            "kind": "call",
            "occurred_at": WHEN,
            "subject": "交期确认",
            "participants": [people("cs_lead").pk],
            "follow_ups": [{"owner": owner.pk, "due_on": due, "text": "发送交期表"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    record = response.json()
    assert record["customer_name"] == _customer().name and record["supplier"] is None
    follow_up = record["follow_ups"][0]
    assert follow_up["done"] is False and follow_up["due_on"] == due
    assert client.get(f"/api/v1/contacts/{record['id']}/").json()["number"] == record["number"]
    assert record["id"] in [r["id"] for r in client.get("/api/v1/contacts/").json()["results"]]

    mine = api("cs_agent").get("/api/v1/follow-ups/", {"mine": "true"}).json()["results"]
    assert [f["id"] for f in mine] == [follow_up["id"]]
    done = api("cs_agent").post(f"/api/v1/follow-ups/{follow_up['id']}/done/")
    assert done.status_code == 200 and done.json()["done"] is True
    assert Task.objects.get(pk=follow_up["task"]).state == Task.State.DONE

    changed = client.put(
        f"/api/v1/contacts/{record['id']}/",
        {"kind": "meeting", "occurred_at": WHEN, "subject": "交期会议"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["kind"] == "meeting"
    other = api("ops_manager").put(
        f"/api/v1/contacts/{record['id']}/",
        {"kind": "meeting", "occurred_at": WHEN, "subject": "x"},
        format="json",
    )
    assert other.status_code == 403


@pytest.mark.clause("COMM-3")
@pytest.mark.parametrize("parties", ["both", "neither"])
def test_both_or_neither_party_is_a_400_naming_the_field(api: Any, parties: str) -> None:
    body: dict[str, Any] = {"kind": "visit", "occurred_at": WHEN, "subject": "x"}
    if parties == "both":
        body |= {"customer": _customer().pk, "supplier": Supplier.objects.first().pk}  # type: ignore[union-attr]
    response = api("ops_manager").post("/api/v1/contacts/", body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "customer"


@pytest.mark.clause("COMM-3")
def test_outside_the_scope_a_contact_is_a_404(api: Any) -> None:
    made = (
        api("cs_lead")
        .post(
            "/api/v1/contacts/",
            {"customer": _customer().pk, "kind": "visit", "occurred_at": WHEN, "subject": "x"},
            format="json",
        )
        .json()
    )
    assert api("buyer").get(f"/api/v1/contacts/{made['id']}/").status_code == 404
    assert api("ops_manager").get(f"/api/v1/contacts/{made['id']}/").status_code == 200


@pytest.mark.clause("MKT-1")
def test_intelligence_round_trip_and_chart(api: Any) -> None:
    competitor = Competitor.objects.create(name="丙能源")
    client = api("mkt_lead")
    made = []
    for day, price in (("2026-01-05", "1.10"), ("2026-02-05", "1.05"), ("2026-02-05", "1.01")):
        response = client.post(
            "/api/v1/market-intelligence/",
            {
                "competitor": competitor.pk,
                "product": "N型组件",
                "price": price,
                "source": "website",
                "observed_on": day,
                "unit": "W",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        made.append(response.json())
    reader = api("data_analyst")
    listed = reader.get(
        "/api/v1/market-intelligence/", {"competitor": competitor.pk, "sort": "price"}
    ).json()
    assert [row["price"] for row in listed["results"]] == ["1.0100", "1.0500", "1.1000"]
    chart = reader.get("/api/v1/market-intelligence/chart/", {"competitor": competitor.pk})
    assert chart.json() == [
        {
            "competitor": "丙能源",
            "product": "N型组件",
            "points": [
                {"observed_on": "2026-01-05", "price": "1.1000"},
                {"observed_on": "2026-02-05", "price": "1.0300"},
            ],
        }
    ]
    bad = client.post(
        "/api/v1/market-intelligence/",
        {
            "competitor": competitor.pk,
            "product": "x",
            "price": "1",
            "source": "website",
            "observed_on": "2026-01-01",
            "currency": "12",
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "currency"
    assert reader.put(
        f"/api/v1/market-intelligence/{made[0]['id']}/", {}, format="json"
    ).status_code in (400, 403)
    assert client.delete(f"/api/v1/market-intelligence/{made[0]['id']}/").status_code == 204
    assert api("buyer").get("/api/v1/market-intelligence/").status_code == 403
