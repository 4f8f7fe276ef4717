"""Returning accepted goods to the supplier (PROC-5): the stock leaves at the receipt's cost,
the contract owes the quantity again, more than was accepted is refused, goods no longer in
stock cannot go back (INV-6), and cancelling posts the reversal — by the services, the API and
the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.stock import approved_plan, item, location, person, signed_contract, take_stock
from yunying.core.errors import InsufficientStock, InvalidTransition, RuleViolation
from yunying.inventory import selectors as stock
from yunying.procurement.models import GoodsReceipt, SupplierReturn
from yunying.procurement.services import receipts, supplier_returns

pytestmark = pytest.mark.django_db

ITEM = "PV-M550"


def received_in_full(quantity: int = 100) -> GoodsReceipt:
    """Given a contract for ``quantity`` at 100 received and accepted in full into A-01."""
    contract = signed_contract(approved_plan({ITEM: quantity}))
    line = contract.lines.get()
    return receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(quantity), Decimal(quantity))],
        actor=person("ops_specialist"),
    )


def give_back(receipt: GoodsReceipt, quantity: int | str) -> SupplierReturn:
    return supplier_returns.return_to_supplier(
        receipt=receipt,
        quantities={receipt.lines.get(): Decimal(quantity)},
        reason="组件隐裂,退回供应商",
        actor=person("ops_specialist"),
    )


def on_hand() -> Decimal:
    return stock.available(item(ITEM).pk, location("A-01").pk)


@pytest.mark.clause("PROC-5")
def test_a_return_takes_the_goods_out_at_the_receipt_cost_and_the_contract_owes_them() -> None:
    receipt = received_in_full()
    contract = receipt.contract
    contract.refresh_from_db()
    assert contract.state == "received"
    before = on_hand()

    returned = give_back(receipt, 30)

    assert returned.number.startswith("SR") and returned.state == "posted"
    assert on_hand() == before - 30
    entry = stock.ledger(source_type="procurement.supplierreturn", source_id=returned.pk).get()
    assert entry.quantity == Decimal(-30) and entry.unit_cost == Decimal(100)
    assert entry.value == Decimal(-3000)
    line = contract.lines.get()
    assert (line.accepted_quantity, line.returned_quantity, line.open_quantity) == (70, 30, 30)
    assert receipt.lines.get().returned_quantity == 30
    contract.refresh_from_db()
    assert contract.state == "partial"
    assert stock.ledger_mismatches() == []

    # The contract is open again for the returned quantity: the replacement can be received.
    receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(30), Decimal(30))],
        actor=person("ops_specialist"),
    )
    contract.refresh_from_db()
    assert contract.state == "received"
    # …after which cancelling the return would accept more than the contract.
    with pytest.raises(RuleViolation) as refused:
        supplier_returns.cancel_supplier_return(
            supplier_return=returned, reason="录错", actor=person("ops_specialist")
        )
    assert refused.value.clause == "PROC-5"


@pytest.mark.clause("PROC-5")
def test_cancelling_a_return_posts_the_reversal_and_counts_the_goods_accepted_again() -> None:
    receipt = received_in_full()
    before = on_hand()
    returned = give_back(receipt, 40)

    supplier_returns.cancel_supplier_return(
        supplier_return=returned, reason="供应商拒收", actor=person("ops_specialist")
    )

    returned.refresh_from_db()
    assert returned.state == "cancelled" and returned.cancel_reason == "供应商拒收"
    assert on_hand() == before
    line = receipt.contract.lines.get()
    assert (line.accepted_quantity, line.returned_quantity) == (100, 0)
    assert receipt.lines.get().returned_quantity == 0
    receipt.contract.refresh_from_db()
    assert receipt.contract.state == "received"
    assert stock.ledger_mismatches() == []
    with pytest.raises(InvalidTransition):
        supplier_returns.cancel_supplier_return(
            supplier_return=returned, reason="again", actor=person("ops_specialist")
        )


@pytest.mark.clause("PROC-5")
def test_more_than_was_accepted_and_not_returned_is_refused() -> None:
    receipt = received_in_full()
    with pytest.raises(RuleViolation) as refused:
        give_back(receipt, 101)
    assert refused.value.clause == "PROC-5" and refused.value.code == "beyond_returnable"
    give_back(receipt, 60)
    with pytest.raises(RuleViolation, match="40"):
        give_back(receipt, 41)
    assert receipt.contract.lines.get().returned_quantity == 60
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("INV-6")
def test_goods_no_longer_in_stock_cannot_go_back() -> None:
    receipt = received_in_full()
    take_stock(ITEM, on_hand() - 10)
    with pytest.raises(InsufficientStock) as refused, translation.override("en"):
        give_back(receipt, 20)
    assert "no longer where the receipt put them" in str(refused.value)
    assert refused.value.clause == "INV-6"
    assert receipt.contract.lines.get().returned_quantity == 0
    assert not SupplierReturn.objects.filter(receipt=receipt).exists()
    assert stock.ledger_mismatches() == []


def test_a_receipt_with_goods_returned_is_not_cancelled_until_the_return_is() -> None:
    receipt = received_in_full()
    returned = give_back(receipt, 10)
    with (
        pytest.raises(InvalidTransition, match="cancel those returns first"),
        translation.override("en"),
    ):
        receipts.cancel_receipt(receipt=receipt, actor=person("ops_specialist"), reason="录错")
    supplier_returns.cancel_supplier_return(
        supplier_return=returned, reason="录错", actor=person("ops_specialist")
    )
    receipts.cancel_receipt(receipt=receipt, actor=person("ops_specialist"), reason="录错")
    assert receipt.contract.lines.get().accepted_quantity == 0
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("PROC-5")
def test_returns_over_the_api(api) -> None:
    receipt = received_in_full()
    line = receipt.lines.get()
    client = api("ops_specialist")
    body = {
        "receipt": receipt.pk,
        "reason": "质量问题",
        "lines": [{"receipt_line": line.pk, "quantity": "25"}],
    }

    created = client.post("/api/v1/supplier-returns/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["number"].startswith("SR") and data["state"] == "posted"
    assert data["lines"][0]["quantity"] == "25.000"
    assert [entry["quantity"] for entry in data["stock"]] == ["-25.000"]
    assert receipt.contract.lines.get().open_quantity == 25

    beyond = client.post(
        "/api/v1/supplier-returns/",
        {**body, "lines": [{"receipt_line": line.pk, "quantity": "76"}]},
        format="json",
    )
    assert beyond.status_code == 409
    assert beyond.json()["clause"] == "PROC-5" and beyond.json()["code"] == "beyond_returnable"
    assert (
        client.post("/api/v1/supplier-returns/", {**body, "reason": ""}, format="json").status_code
        == 400
    )
    assert (
        api("logistics_clerk").post("/api/v1/supplier-returns/", body, format="json").status_code
        == 403
    )

    listed = client.get(f"/api/v1/supplier-returns/?receipt={receipt.pk}").json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    cancelled = client.post(
        f"/api/v1/supplier-returns/{data['id']}/cancel/", {"reason": "撤销"}, format="json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert len(cancelled.json()["stock"]) == 2
    again = client.post(
        f"/api/v1/supplier-returns/{data['id']}/cancel/", {"reason": "撤销"}, format="json"
    )
    assert again.status_code == 409
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("PROC-5")
def test_returns_on_the_pages(web) -> None:
    receipt = received_in_full()
    line = receipt.lines.get()
    client = web("ops_specialist")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/procurement/receipts/{receipt.pk}/")
    assert f"/procurement/receipts/{receipt.pk}/return/" in page.content.decode()

    form = client.get(f"/procurement/receipts/{receipt.pk}/return/")
    assert form.status_code == 200 and f'name="q{line.pk}"' in form.content.decode()
    refused = client.post(
        f"/procurement/receipts/{receipt.pk}/return/",
        {"returned_on": receipt.received_on.isoformat(), "reason": "隐裂", f"q{line.pk}": "150"},
    )
    assert refused.status_code == 200 and "can still go back" in refused.content.decode()

    posted = client.post(
        f"/procurement/receipts/{receipt.pk}/return/",
        {"returned_on": receipt.received_on.isoformat(), "reason": "隐裂", f"q{line.pk}": "15"},
        follow=True,
    )
    returned = SupplierReturn.objects.get(receipt=receipt)
    assert posted.redirect_chain[-1][0] == f"/procurement/supplier-returns/{returned.pk}/"
    assert returned.number in posted.content.decode()
    assert returned.number in client.get("/procurement/supplier-returns/").content.decode()
    assert receipt.contract.lines.get().open_quantity == 15

    client.post(f"/procurement/supplier-returns/{returned.pk}/cancel/", {"reason": "撤销"})
    returned.refresh_from_db()
    assert returned.state == "cancelled"
    assert receipt.contract.lines.get().open_quantity == 0
    assert stock.ledger_mismatches() == []
