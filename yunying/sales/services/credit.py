"""A customer's credit exposure (SALES-7): open receivables plus open orders."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from yunying.masterdata.models import Customer

from ..models import Receivable, SalesOrder, SalesOrderLine

OPEN_ORDER_STATES = ("credit_review", "confirmed", "partial")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=4)


def open_receivables(customer: Customer) -> Decimal:
    total = (
        Receivable.objects.filter(customer=customer)
        .exclude(state=Receivable.State.SETTLED)
        .aggregate(v=Sum(F("amount") - F("credited") - F("paid")))["v"]
    )
    return total or Decimal("0")


def open_orders(customer: Customer, *, excluding: SalesOrder | None = None) -> Decimal:
    """What is ordered and not yet delivered (delivered goods are receivables already)."""
    lines = SalesOrderLine.objects.filter(
        order__customer=customer, order__state__in=OPEN_ORDER_STATES
    )
    if excluding is not None:
        lines = lines.exclude(order=excluding)
    total = lines.aggregate(
        v=Sum(
            ExpressionWrapper(
                (F("quantity") - F("delivered_quantity")) * F("unit_price"), output_field=MONEY
            )
        )
    )["v"]
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def exposure(customer: Customer, *, excluding: SalesOrder | None = None) -> Decimal:
    return open_receivables(customer) + open_orders(customer, excluding=excluding)


def headroom(customer: Customer) -> Decimal:
    return customer.credit_limit - exposure(customer)
