"""Stock races on PostgreSQL with real concurrent connections (INV-6, PROC-5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.concurrency.race import at_once
from tests.stock import (
    approved_plan,
    item,
    location,
    person,
    put_stock,
    signed_contract,
    take_stock,
)
from yunying.core.errors import DomainError, InsufficientStock
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockBalance, StockLedgerEntry
from yunying.procurement.models import GoodsReceipt
from yunying.procurement.services import receipts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("INV-6")
def test_twelve_connections_issuing_and_receiving_one_item_never_go_negative(org) -> None:
    code = "JB-IP68"
    put_stock(code, 100, cost=28)

    def issue() -> str:
        take_stock(code, 15)
        return "issued"

    def receive() -> str:
        put_stock(code, 10, cost=30)
        return "received"

    for _round in range(2):
        results = at_once(*[issue] * 8, *[receive] * 4)
        unexpected = [
            r for r in results if isinstance(r, Exception) and not isinstance(r, InsufficientStock)
        ]
        assert not unexpected, unexpected
        balance = StockBalance.objects.get(item=item(code), location=location())
        assert balance.on_hand >= 0
        assert stock.ledger_mismatches() == []
    issued = StockLedgerEntry.objects.filter(item=item(code), kind="issue").count()
    received = StockLedgerEntry.objects.filter(item=item(code), kind="opening").count() - 1
    balance = StockBalance.objects.get(item=item(code), location=location())
    # No lost update: the balance is exactly what the successful postings add up to.
    assert balance.on_hand == 100 + 10 * received - 15 * issued
    assert received == 8 and issued >= 6


@pytest.mark.clause("PROC-5")
def test_two_receipts_against_the_last_open_quantity_one_succeeds_one_is_refused(org) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()
    receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(line, Decimal(90), Decimal(90))],
        actor=person("ops_specialist"),
    )

    def receive_last_ten(who: str) -> GoodsReceipt:
        return receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(10), Decimal(10))],
            actor=person(who),
        )

    results = at_once(
        lambda: receive_last_ten("ops_specialist"), lambda: receive_last_ten("warehouse_keeper")
    )
    # The loser sees either the line's open quantity used up or the contract received in full.
    refused = [r for r in results if isinstance(r, DomainError)]
    posted = [r for r in results if isinstance(r, GoodsReceipt)]
    assert len(posted) == 1 and len(refused) == 1, results
    assert refused[0].clause == "PROC-5"
    line.refresh_from_db()
    assert line.accepted_quantity == 100
    assert stock.available(item("PV-M550").pk) == 100
    assert stock.ledger_mismatches() == []
