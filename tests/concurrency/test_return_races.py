"""Returns to suppliers and shipment recalls race the other writes on the same rows, on
PostgreSQL with real concurrent connections (PROC-5, INV-6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.concurrency.race import at_once
from tests.procurement.test_supplier_returns import ITEM, give_back, received_in_full
from tests.stock import item, location, take_stock
from yunying.core.errors import DomainError
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockBalance
from yunying.procurement.models import SupplierReturn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("PROC-5")
def test_returns_and_issues_on_one_receipt_line_never_return_more_than_was_accepted(org) -> None:
    receipt = received_in_full(100)
    balance = StockBalance.objects.get(item=item(ITEM), location=location("A-01"))
    start = balance.on_hand

    def give_back_40() -> str:
        give_back(receipt, 40)
        return "returned"

    def issue_30() -> str:
        take_stock(ITEM, 30)
        return "issued"

    results = at_once(*[give_back_40] * 4, *[issue_30] * 2)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]
    assert not unexpected, unexpected
    returned = sum(
        (r.lines.get().quantity for r in SupplierReturn.objects.filter(receipt=receipt)),
        Decimal(0),
    )
    line = receipt.contract.lines.get()
    line.refresh_from_db()
    # No lost update: the contract line counts exactly what the posted returns took back, and
    # never more than was accepted.
    assert returned == line.returned_quantity <= 100
    assert results.count("returned") * 40 == returned
    balance.refresh_from_db()
    assert balance.on_hand == start - returned - 30 * results.count("issued") >= 0
    assert stock.ledger_mismatches() == []
