"""The read side of the inventory API: balances, availability, the ledger, the proposal and the
alerts; values and costs only for those who may see prices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.stock import item, location, put_stock, take_stock
from yunying.inventory.services import transfers

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(people) -> None:
    put_stock("PV-M550", 150, cost=620, at="A-01")
    put_stock("PV-M550", 40, cost=620, at="QC")  # quarantine: on hand, not available
    put_stock("JB-IP68", 800, cost=28, at="A-02")
    transfers.transfer_stock(
        lines=[
            transfers.TransferLine(item("PV-M550"), location("A-01"), location("B-01"), Decimal(50))
        ],
        actor=people("ops_specialist"),
    )


def test_balances_with_filters_and_values_only_with_prices(api, stocked) -> None:
    rows = api("logistics_clerk").get("/api/v1/inventory/balances/").json()
    assert rows["count"] == 4
    assert all(row["value"] is None and row["average_cost"] is None for row in rows["results"])
    pv = item("PV-M550").pk
    only = api("fin_manager").get(
        f"/api/v1/inventory/balances/?item={pv}&location={location('A-01').pk}"
    )
    [row] = only.json()["results"]
    assert row["on_hand"] == "100.000" and row["available"] == "100.000"
    assert row["value"] == "62000.0000" and row["average_cost"] == "620.000000"
    below = api("fin_manager").get("/api/v1/inventory/balances/?below_safety=true").json()
    assert {r["item_code"] for r in below["results"]} == {"PV-M550"}  # 150 < 300; JB 800 ≥ 500
    assert api("fin_manager").get("/api/v1/inventory/balances/?item=x").status_code == 400
    assert api("cs_agent").get("/api/v1/inventory/balances/").status_code == 403


def test_availability_of_an_item(api, stocked) -> None:
    pv = item("PV-M550")
    data = api("logistics_clerk").get(f"/api/v1/inventory/items/{pv.pk}/availability/").json()
    assert data["item_code"] == "PV-M550"
    assert data["available"] == "150.000"  # A-01 100 + B-01 50; quarantine not counted
    places = {row["location_code"]: row for row in data["locations"]}
    assert places["HF/QC"]["sellable"] is False and places["HF/QC"]["on_hand"] == "40.000"
    assert places["SH/B-01"]["available"] == "50.000"
    assert (
        api("logistics_clerk").get("/api/v1/inventory/items/999999/availability/").status_code
        == 404
    )
    assert api("cs_agent").get(f"/api/v1/inventory/items/{pv.pk}/availability/").status_code == 403


def test_the_ledger_with_filters(api, stocked) -> None:
    client = api("fin_manager")
    everything = client.get("/api/v1/inventory/ledger/").json()
    assert len(everything["results"]) == 5 and everything["next"] is None  # no count: cursors
    moved = client.get("/api/v1/inventory/ledger/?kind=transfer_in").json()["results"]
    assert len(moved) == 1 and moved[0]["location_code"] == "SH/B-01"
    assert (
        moved[0]["value"] == "31000.0000" and moved[0]["source_type"] == "inventory.stocktransfer"
    )
    number = moved[0]["source_number"]
    assert len(client.get(f"/api/v1/inventory/ledger/?number={number}").json()["results"]) == 2
    jb = item("JB-IP68").pk
    assert len(client.get(f"/api/v1/inventory/ledger/?item={jb}").json()["results"]) == 1
    assert client.get("/api/v1/inventory/ledger/?date_from=2999-01-01").json()["results"] == []
    assert client.get("/api/v1/inventory/ledger/?kind=gift").status_code == 400
    one = api("logistics_clerk").get(f"/api/v1/inventory/ledger/{moved[0]['id']}/").json()
    assert one["value"] is None and one["unit_cost"] is None and one["quantity"] == "50.000"
    paged = client.get("/api/v1/inventory/ledger/?limit=2").json()
    assert len(paged["results"]) == 2 and paged["next"]


def test_the_replenishment_proposal(api, stocked) -> None:
    data = api("ops_supervisor").get("/api/v1/inventory/replenishment/?needed=true").json()
    assert data["alpha"] == "0.3000" and data["weeks"] == 26 and data["review_days"] == 14
    proposals = {p["item_code"]: p for p in data["proposals"]}
    assert "JB-IP68" not in proposals
    assert proposals["PV-M550"]["on_hand"] == "150.000"
    assert proposals["PV-M550"]["quantity"] == "200.000"  # need 300 − 150, in hundreds
    every = api("ops_supervisor").get("/api/v1/inventory/replenishment/").json()["proposals"]
    assert "JB-IP68" in {p["item_code"] for p in every}
    assert api("logistics_clerk").get("/api/v1/inventory/replenishment/").status_code == 403


def test_alerts(api, stocked) -> None:
    take_stock("JB-IP68", 400, at="A-02")  # 400 < 500: an alert
    client = api("ops_supervisor")
    open_alerts = client.get("/api/v1/inventory/alerts/?state=open").json()["results"]
    assert {a["item_code"] for a in open_alerts} >= {"PV-M550", "JB-IP68"}
    put_stock("JB-IP68", 200, cost=28, at="A-02")  # 600: cleared
    cleared = client.get("/api/v1/inventory/alerts/?state=cleared").json()["results"]
    assert [a["item_code"] for a in cleared] == ["JB-IP68"]
    assert client.get("/api/v1/inventory/alerts/?state=odd").status_code == 400
    assert api("cs_agent").get("/api/v1/inventory/alerts/").status_code == 403
