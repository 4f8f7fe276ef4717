"""Transfers through the page and the API: stock moves, a transfer beyond what is available is
refused with the reason, cancelling posts the reversal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.stock import item, location, put_stock
from yunying.inventory import selectors
from yunying.inventory.models import StockLedgerEntry, StockTransfer

pytestmark = pytest.mark.django_db


def on_hand(code: str, at: str) -> Decimal:
    balance = selectors.balances(item=item(code), location=location(at)).first()
    return balance.on_hand if balance else Decimal(0)


def line(prefix: str, code: str, source: str, target: str, quantity: object) -> dict[str, object]:
    return {
        f"{prefix}-item": item(code).pk,
        f"{prefix}-from_location": location(source).pk,
        f"{prefix}-to_location": location(target).pk,
        f"{prefix}-quantity": quantity,
    }


def form(*lines: dict[str, object], posting_date: str = "", rows: int = 5) -> dict[str, object]:
    data: dict[str, object] = {
        "posting_date": posting_date or str(timezone.localdate()),
        "note": "移库",
        "lines-TOTAL_FORMS": rows,
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 50,
    }
    for row in lines:
        data.update(row)
    return data


def test_a_transfer_through_the_page_moves_stock_and_cancelling_reverses_it(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-01")
    put_stock("CBL-4", "500.5", cost="3.2", at="A-02")
    client = web("warehouse_keeper")
    page = client.get(f"/inventory/transfers/new/?item={item('PV-M550').pk}").content.decode()
    assert f'<option value="{item("PV-M550").pk}" selected>' in page
    response = client.post(
        "/inventory/transfers/new/",
        form(
            line("lines-0", "PV-M550", "A-01", "B-01", 30),
            line("lines-1", "CBL-4", "A-02", "A-01", "100.5"),
        ),
    )
    transfer = StockTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inventory/transfers/{transfer.pk}/"
    assert transfer.state == "posted" and transfer.lines.count() == 2
    assert on_hand("PV-M550", "A-01") == 70 and on_hand("PV-M550", "B-01") == 30
    assert on_hand("CBL-4", "A-01") == Decimal("100.5")

    detail = client.get(f"/inventory/transfers/{transfer.pk}/").content.decode()
    assert transfer.number in detail and "100.5" in detail and "100.500" not in detail
    assert "cancel/" in detail

    client.post(f"/inventory/transfers/{transfer.pk}/cancel/")
    transfer.refresh_from_db()
    assert transfer.state == "cancelled"
    assert on_hand("PV-M550", "A-01") == 100 and on_hand("PV-M550", "B-01") == 0
    reversals = StockLedgerEntry.objects.filter(source_id=transfer.pk, kind="reversal")
    assert reversals.count() == 4
    assert selectors.ledger_mismatches() == []
    detail = client.get(f"/inventory/transfers/{transfer.pk}/").content.decode()
    assert 'id="transfer-state"' in detail and "cancel/" not in detail


def test_a_transfer_beyond_what_is_available_is_refused_on_the_page(web) -> None:
    put_stock("INV-S10", 5, cost=3200, at="A-01")
    response = web("ops_specialist").post(
        "/inventory/transfers/new/", form(line("lines-0", "INV-S10", "A-01", "B-01", 8))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "INV-S10" in page and "INV-6" in page and "8" in page
    assert not StockTransfer.objects.exists()
    assert on_hand("INV-S10", "A-01") == 5


def test_the_transfer_page_checks_its_input(web) -> None:
    put_stock("INV-S10", 5, cost=3200, at="A-01")
    client = web("ops_specialist")
    same = client.post(
        "/inventory/transfers/new/", form(line("lines-0", "INV-S10", "A-01", "A-01", 1))
    )
    assert same.status_code == 200 and not StockTransfer.objects.exists()
    empty = client.post("/inventory/transfers/new/", form())
    assert empty.status_code == 200 and not StockTransfer.objects.exists()
    partial = client.post(
        "/inventory/transfers/new/",
        form({"lines-0-item": item("INV-S10").pk, "lines-0-quantity": "x"}),
    )
    assert partial.status_code == 200 and "errorlist" in partial.content.decode()
    assert web("logistics_clerk").post("/inventory/transfers/new/", form()).status_code == 403


def test_a_transfer_through_the_api(api) -> None:
    put_stock("JB-IP68", 600, cost=28, at="A-02")
    client = api("warehouse_keeper")
    body: dict[str, Any] = {
        "note": "补货到上海",
        "lines": [
            {
                "item": item("JB-IP68").pk,
                "from_location": location("A-02").pk,
                "to_location": location("B-01").pk,
                "quantity": "250",
            }
        ],
    }
    response = client.post("/api/v1/inventory/transfers/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "posted" and data["lines"][0]["to_code"] == "SH/B-01"
    assert on_hand("JB-IP68", "B-01") == 250

    listed = client.get("/api/v1/inventory/transfers/").json()
    assert listed["count"] == 1 and listed["results"][0]["number"] == data["number"]
    assert client.get(f"/api/v1/inventory/transfers/{data['id']}/").status_code == 200

    body["lines"][0]["quantity"] = "400"  # 350 left at A-02
    refused = client.post("/api/v1/inventory/transfers/", body, format="json")
    assert refused.status_code == 409
    assert refused.json()["clause"] == "INV-6" and "350" in refused.json()["detail"]

    cancelled = client.post(f"/api/v1/inventory/transfers/{data['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert on_hand("JB-IP68", "A-02") == 600
    again = client.post(f"/api/v1/inventory/transfers/{data['id']}/cancel/")
    assert again.status_code == 409


def test_the_transfer_api_refuses_bad_input_and_people_without_the_permission(api) -> None:
    put_stock("JB-IP68", 10, cost=28, at="A-02")
    line_body = {
        "item": item("JB-IP68").pk,
        "from_location": location("A-02").pk,
        "to_location": location("B-01").pk,
        "quantity": "-1",
    }
    bad = api("warehouse_keeper").post(
        "/api/v1/inventory/transfers/", {"lines": [line_body]}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "quantity"
    missing = api("warehouse_keeper").post(
        "/api/v1/inventory/transfers/", {"lines": [{"item": 999999}]}, format="json"
    )
    assert missing.status_code == 400 and missing.json()["field"].startswith("lines")
    line_body["quantity"] = "1"
    refused = api("logistics_clerk").post(
        "/api/v1/inventory/transfers/", {"lines": [line_body]}, format="json"
    )
    assert refused.status_code == 403
    assert api("cs_agent").get("/api/v1/inventory/transfers/").status_code == 403
