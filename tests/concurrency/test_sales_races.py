"""Sixteen clients confirming orders for the last 100 units at once (INV-6, SALES-1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.concurrency.race import at_once
from tests.sales_steps import draft_order
from tests.stock import item, person, put_stock
from yunying.core.errors import InsufficientStock
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockBalance
from yunying.sales.models import SalesOrder
from yunying.sales.services import deliveries, orders

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("INV-6")
def test_sixteen_confirmations_for_the_last_hundred_units(org) -> None:
    code = "INV-M2"
    put_stock(code, 100, cost=980)
    customers = ["C001", "C002", "C003", "C005", "C006", "C007"]
    quantities = [3, 5, 7, 8, 9, 10, 11, 12, 13, 6, 4, 15, 9, 14, 2, 20]  # 148 in all
    drafts = [
        draft_order(customers[n % len(customers)], {code: (q, 10)})
        for n, q in enumerate(quantities)
    ]

    def confirm(order: SalesOrder):
        return lambda: orders.confirm_order(order=order, actor=person("ops_specialist"))

    results = at_once(*[confirm(order) for order in drafts])
    confirmed = [r for r in results if isinstance(r, SalesOrder)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, InsufficientStock) for r in refused), refused
    assert all("INV-M2" in str(r) for r in refused)
    total = sum(order.lines.get().quantity for order in confirmed)
    assert total <= 100 and len(confirmed) + len(refused) == 16
    assert (
        100 - total
        < min(
            q
            for order, q in zip(drafts, quantities, strict=True)
            if order.pk not in {c.pk for c in confirmed}
        )
        or not refused
    )
    balance = StockBalance.objects.get(item=item(code), location__code="A-01")
    assert balance.reserved == total and balance.on_hand == 100

    for order in confirmed:
        delivery = order.deliveries.get()
        deliveries.ship(
            delivery=delivery,
            carrier="顺丰",
            tracking_number=f"SF{order.pk}",
            actor=person("logistics_clerk"),
        )
    balance.refresh_from_db()
    assert balance.on_hand == 100 - total and balance.reserved == 0 and balance.on_hand >= 0
    assert stock.ledger_mismatches() == []
    assert stock.available(item(code).pk) == Decimal(100 - total)
