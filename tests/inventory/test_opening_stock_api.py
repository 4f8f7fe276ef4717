"""Opening stock as a document (INV-1): posted through the API and the page, cancelled with its
reversal, and the cancel refused once the goods were used (INV-6), naming item and location."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.stock import item, location, take_stock
from yunying.inventory import selectors
from yunying.inventory.models import OpeningStock

pytestmark = pytest.mark.django_db


def on_hand(code: str, at: str = "A-01") -> Decimal:
    balance = selectors.balances(item=item(code), location=location(at)).first()
    return balance.on_hand if balance else Decimal(0)


def body(quantity: str = "100") -> dict[str, object]:
    return {
        "note": "期初",
        "lines": [
            {
                "item": item("PV-M550").pk,
                "location": location().pk,
                "quantity": quantity,
                "unit_cost": "615.5",
            }
        ],
    }


@pytest.mark.clause("INV-1")
def test_opening_stock_by_api_then_cancelled(api) -> None:
    client = api("warehouse_keeper")
    created = client.post("/api/v1/inventory/opening-stock/", body(), format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "posted" and data["number"].startswith("OB-")
    assert on_hand("PV-M550") == 100 and selectors.ledger_mismatches() == []
    assert client.get(f"/api/v1/inventory/opening-stock/{data['id']}/").status_code == 200
    assert client.get("/api/v1/inventory/opening-stock/").json()["count"] >= 1

    cancelled = client.post(f"/api/v1/inventory/opening-stock/{data['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert on_hand("PV-M550") == 0 and selectors.ledger_mismatches() == []
    again = client.post(f"/api/v1/inventory/opening-stock/{data['id']}/cancel/")
    assert again.status_code == 409


@pytest.mark.clause("INV-6")
def test_cancelling_is_refused_once_the_goods_were_used(api) -> None:
    client = api("warehouse_keeper")
    created = client.post("/api/v1/inventory/opening-stock/", body("50"), format="json").json()
    take_stock("PV-M550", 20)
    refused = client.post(f"/api/v1/inventory/opening-stock/{created['id']}/cancel/")
    assert refused.status_code == 409
    answer = refused.json()
    assert answer["clause"] == "INV-6" and answer["code"] == "insufficient_stock"
    assert created["number"] in answer["detail"] and "PV-M550" in answer["detail"]
    assert str(location()) in answer["detail"]
    assert OpeningStock.objects.get(pk=created["id"]).state == "posted"
    assert on_hand("PV-M550") == 30 and selectors.ledger_mismatches() == []


def test_opening_stock_needs_the_permission_and_valid_lines(api) -> None:
    assert (
        api("cs_agent").post("/api/v1/inventory/opening-stock/", body(), format="json").status_code
        == 403
    )
    client = api("warehouse_keeper")
    bad = client.post("/api/v1/inventory/opening-stock/", body("0"), format="json")
    assert bad.status_code == 400


def test_the_pages_post_show_and_cancel_opening_stock(web) -> None:
    client = web("warehouse_keeper")
    assert client.get("/inventory/opening-stock/new/").status_code == 200
    response = client.post(
        "/inventory/opening-stock/new/",
        {
            "posting_date": str(timezone.localdate()),
            "note": "盘盈入库",
            "lines-TOTAL_FORMS": 2,
            "lines-INITIAL_FORMS": 0,
            "lines-MIN_NUM_FORMS": 0,
            "lines-MAX_NUM_FORMS": 50,
            "lines-0-item": item("JB-IP68").pk,
            "lines-0-location": location().pk,
            "lines-0-quantity": "30",
            "lines-0-unit_cost": "28",
        },
    )
    document = OpeningStock.objects.get()
    assert response.status_code == 302 and on_hand("JB-IP68") == 30
    page = client.get(f"/inventory/opening-stock/{document.pk}/").content.decode()
    assert document.number in page and "state-posted" in page
    assert document.number in client.get("/inventory/opening-stock/").content.decode()
    client.post(f"/inventory/opening-stock/{document.pk}/cancel/")
    document.refresh_from_db()
    assert document.state == "cancelled" and on_hand("JB-IP68") == 0
