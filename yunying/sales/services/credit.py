"""A customer's credit exposure (SALES-7): open receivables plus open orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Subquery, Sum, Value
from django.db.models.functions import Coalesce

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


def exposure_expression(customer: Customer, *, excluding: SalesOrder | None = None) -> Any:
    """:func:`exposure` as one expression, to read it in the statement that needs it."""
    receivables = (
        Receivable.objects.filter(customer=customer)
        .exclude(state=Receivable.State.SETTLED)
        .values("customer")
        .annotate(v=Sum(F("amount") - F("credited") - F("paid")))
        .values("v")
    )
    lines = SalesOrderLine.objects.filter(
        order__customer=customer, order__state__in=OPEN_ORDER_STATES
    )
    if excluding is not None:
        lines = lines.exclude(order=excluding)
    orders = (
        lines.values("order__customer")
        .annotate(
            v=Sum(
                ExpressionWrapper(
                    (F("quantity") - F("delivered_quantity")) * F("unit_price"),
                    output_field=MONEY,
                )
            )
        )
        .values("v")
    )
    zero = Value(Decimal("0"), output_field=MONEY)
    return ExpressionWrapper(
        Coalesce(Subquery(receivables, output_field=MONEY), zero)
        + Coalesce(Subquery(orders, output_field=MONEY), zero),
        output_field=MONEY,
    )
