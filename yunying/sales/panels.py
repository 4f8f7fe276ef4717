"""The sales part of the customer file on the customer page of master data
(``masterdata.panels``, SVC-4): the customer's latest orders, deliveries and open receivables,
each block only for a reader who may see that kind of record and with only the records in
their scope (ORG-2, ORG-4). A reader who may not see receivables gets no receivables block."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum, Window

from yunying.core.models import Employee
from yunying.masterdata import panels
from yunying.masterdata.models import Customer, Supplier

from .models import Receivable
from .selectors.scope import (
    DELIVERY_READERS,
    ORDER_READERS,
    RECEIVABLE_READERS,
    deliveries_visible_to,
    holds_any,
    orders_visible_to,
    receivables_visible_to,
)

LATEST = 5
OUTSTANDING = ExpressionWrapper(
    F("amount") - F("credited") - F("paid"),
    output_field=DecimalField(max_digits=18, decimal_places=2),
)


def _open_receivables(actor: Employee, customer: Customer) -> dict[str, Any]:
    """The oldest open receivables the reader may see and the open balance of all of them, in
    one query: each row carries the balance and the count as window sums."""
    rows: QuerySet[Receivable] = (
        receivables_visible_to(actor)
        .filter(customer=customer)
        .exclude(state=Receivable.State.SETTLED)
        .annotate(
            open_amount=OUTSTANDING,
            balance=Window(Sum(OUTSTANDING)),
            open_count=Window(Count("pk")),
        )
    )
    listed = list(rows.order_by("due_date", "pk")[:LATEST])
    first: Any = listed[0] if listed else None
    return {
        "receivables": listed,
        "balance": first.balance if first else Decimal("0"),
        "count": first.open_count if first else 0,
    }


def sales_file(actor: Employee, party: Customer | Supplier) -> panels.Panel | None:
    if not isinstance(party, Customer):
        return None
    context: dict[str, Any] = {"party": party, "orders": None, "deliveries": None, "open": None}
    if holds_any(actor, ORDER_READERS):
        orders = orders_visible_to(actor).filter(customer=party)
        context["orders"] = list(orders.order_by("-created_at", "-id")[:LATEST])
    if holds_any(actor, DELIVERY_READERS):
        deliveries = deliveries_visible_to(actor).filter(order__customer=party)
        context["deliveries"] = list(deliveries.order_by("-created_at", "-id")[:LATEST])
    if holds_any(actor, RECEIVABLE_READERS):
        context["open"] = _open_receivables(actor, party)
    if all(context[key] is None for key in ("orders", "deliveries", "open")):
        return None
    return panels.Panel("sales/_customer_file.html", context)


def register() -> None:
    panels.register(sales_file)
