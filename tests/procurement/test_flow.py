from __future__ import annotations

from decimal import Decimal

import pytest

from tests.stock import approved_plan, item, location, person, signed_contract
from yunying.inventory import selectors as stock
from yunying.procurement.services import receipts

pytestmark = pytest.mark.django_db


def test_plan_to_contract_to_receipt_posts_only_accepted_stock() -> None:
    plan = approved_plan({"PV-M550": 100, "JB-IP68": 500})
    contract = signed_contract(plan)
    assert contract.state == "signed"
    lines = {line.item.code: line for line in contract.lines.select_related("item")}
    receipt = receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[
            receipts.Inspection(lines["PV-M550"], Decimal(100), Decimal(95), Decimal(5), "隐裂"),
            receipts.Inspection(lines["JB-IP68"], Decimal(200), Decimal(200)),
        ],
        actor=person("ops_specialist"),
    )
    assert receipt.number.startswith("GR-")
    assert stock.available(item("PV-M550").pk) == Decimal(95)
    assert stock.available(item("JB-IP68").pk) == Decimal(200)
    contract.refresh_from_db()
    assert contract.state == "partial"
    assert stock.ledger_mismatches() == []
