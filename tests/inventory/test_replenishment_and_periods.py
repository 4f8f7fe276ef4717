"""The replenishment page drafts a replenishment plan from the proposal; closing a month on the
page stops postings dated in it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.stock import item, location, put_stock
from yunying.inventory.models import StockPeriod, StockTransfer
from yunying.inventory.replenishment import for_items
from yunying.procurement.models import PurchasePlan

pytestmark = pytest.mark.django_db


def test_the_replenishment_page_states_the_method_and_filters(web) -> None:
    put_stock("JB-IP68", 5000, cost=28, at="A-02")  # far above its safety stock
    client = web("ops_supervisor")
    page = client.get("/inventory/replenishment/").content.decode()
    assert "α = 0.3" in page and "26" in page and "14" in page  # the regulation's parameters
    assert "JB-IP68" in page and "PV-M550" in page
    needed = client.get("/inventory/replenishment/?needed=1").content.decode()
    assert "PV-M550" in needed and "JB-IP68" not in needed
    # The operations manager sees the proposal but may not draft a plan.
    manager = web("ops_manager").get("/inventory/replenishment/").content.decode()
    assert "PV-M550" in manager and 'name="title"' not in manager


def test_the_replenishment_page_creates_a_replenishment_plan(web) -> None:
    put_stock("PV-M550", 120, cost=620, at="A-01")
    pv, inverter = item("PV-M550"), item("INV-S10")
    proposals = for_items([pv.pk, inverter.pk])
    assert proposals[pv.pk].quantity == 200  # need 300 − 120 on hand, in hundreds
    later = timezone.localdate() + datetime.timedelta(days=30)
    response = web("ops_supervisor").post(
        "/inventory/replenishment/?needed=1",
        {
            "title": "十一月补货",
            "needed_by": "",
            f"pick_{pv.pk}": "on",
            f"quantity_{pv.pk}": "250",
            f"date_{pv.pk}": str(later),
            f"pick_{inverter.pk}": "on",
            f"quantity_{inverter.pk}": "20",
            f"date_{inverter.pk}": str(later - datetime.timedelta(days=5)),
        },
    )
    plan = PurchasePlan.objects.get(kind="replenishment")
    assert response.status_code == 302 and response["Location"] == f"/procurement/plans/{plan.pk}/"
    assert plan.title == "十一月补货" and plan.state == "draft"
    assert plan.needed_by == later - datetime.timedelta(days=5)  # the earliest line
    lines = {line.item.code: line for line in plan.lines.select_related("item")}
    assert lines["PV-M550"].quantity == 250 and lines["PV-M550"].proposed_quantity == 200
    assert lines["PV-M550"].estimated_price == pv.standard_cost
    assert set(lines) == {"PV-M550", "INV-S10"}


def test_the_replenishment_form_needs_a_line_and_its_quantity(web) -> None:
    pv = item("PV-M550")
    client = web("ops_supervisor")
    nothing = client.post("/inventory/replenishment/", {"title": "空计划"})
    assert nothing.status_code == 200 and not PurchasePlan.objects.exists()
    no_quantity = client.post(
        "/inventory/replenishment/",
        {"title": "计划", f"pick_{pv.pk}": "on", f"quantity_{pv.pk}": "", f"date_{pv.pk}": ""},
    )
    assert no_quantity.status_code == 200 and not PurchasePlan.objects.exists()
    # Without procurement.draft_plan the service refuses; the page says so.
    refused = web("ops_manager").post(
        "/inventory/replenishment/",
        {
            "title": "计划",
            f"pick_{pv.pk}": "on",
            f"quantity_{pv.pk}": "100",
            f"date_{pv.pk}": "2030-01-01",
        },
    )
    assert refused.status_code == 200 and not PurchasePlan.objects.exists()


def last_month() -> datetime.date:
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def test_closing_a_month_on_the_page_stops_postings_dated_in_it(web, api) -> None:
    put_stock("MC4-P", 2000, cost="3.5", at="A-02")
    month = last_month()
    client = web("log_manager")
    page = client.get("/inventory/periods/").content.decode()
    assert f'value="{month.year}"' in page
    response = client.post("/inventory/periods/", {"year": month.year, "month": month.month})
    assert response.status_code == 302
    assert StockPeriod.objects.filter(year=month.year, month=month.month).exists()
    assert f"{month.year}-{month.month:02d}" in client.get("/inventory/periods/").content.decode()

    again = client.post("/inventory/periods/", {"year": month.year, "month": month.month})
    assert again.status_code == 200 and StockPeriod.objects.count() == 1
    today = timezone.localdate()
    current = client.post("/inventory/periods/", {"year": today.year, "month": today.month})
    assert current.status_code == 200 and StockPeriod.objects.count() == 1

    refused = client.post(
        "/inventory/transfers/new/",
        {
            "posting_date": str(month),
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": item("MC4-P").pk,
            "lines-0-from_location": location("A-02").pk,
            "lines-0-to_location": location("B-01").pk,
            "lines-0-quantity": 100,
        },
    )
    assert refused.status_code == 200 and "INV-1" in refused.content.decode()
    assert not StockTransfer.objects.exists()

    body = {
        "posting_date": str(month),
        "lines": [
            {
                "item": item("MC4-P").pk,
                "from_location": location("A-02").pk,
                "to_location": location("B-01").pk,
                "quantity": "100",
            }
        ],
    }
    answer = api("log_manager").post("/api/v1/inventory/transfers/", body, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "period_closed"
    body["posting_date"] = str(today)
    assert (
        api("log_manager").post("/api/v1/inventory/transfers/", body, format="json").status_code
        == 201
    )


def test_periods_through_the_api(api) -> None:
    month = last_month()
    created = api("fin_manager").post(
        "/api/v1/inventory/periods/", {"year": month.year, "month": month.month}, format="json"
    )
    assert created.status_code == 201 and created.json()["closed_by_name"]
    assert (
        api("fin_manager")
        .post(
            "/api/v1/inventory/periods/", {"year": month.year, "month": month.month}, format="json"
        )
        .status_code
        == 409
    )
    assert (
        api("fin_manager")
        .post("/api/v1/inventory/periods/", {"year": month.year, "month": 13}, format="json")
        .json()["field"]
        == "month"
    )
    listed = api("logistics_clerk").get("/api/v1/inventory/periods/").json()
    assert listed["count"] == 1 and listed["results"][0]["month"] == month.month
    assert (
        api("logistics_clerk")
        .post(
            "/api/v1/inventory/periods/", {"year": month.year, "month": month.month}, format="json"
        )
        .status_code
        == 403
    )
    assert Decimal(StockPeriod.objects.count()) == 1
