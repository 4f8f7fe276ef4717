"""A customer's credit exposure (SALES-7): open receivables plus open orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.expressions import RawSQL

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


# Fixed SQL with a placeholder per state; every value is a parameter.
_EXPOSURE = (  # noqa: S608
    "(SELECT COALESCE(SUM(r.amount - r.credited - r.paid), 0) FROM sales_receivable r "
    "WHERE r.customer_id = %s AND r.state <> %s) + "
    "(SELECT COALESCE(SUM((l.quantity - l.delivered_quantity) * l.unit_price), 0) "
    "FROM sales_salesorderline l JOIN sales_salesorder o ON o.id = l.order_id "
    "WHERE o.customer_id = %s AND o.state IN ({states}) AND o.id <> %s)"
).format(states=", ".join(["%s"] * len(OPEN_ORDER_STATES)))


def exposure_expression(customer: Customer, *, excluding: SalesOrder | None = None) -> Any:
    """:func:`exposure` as one expression, to read it in the statement that needs it (plain
    SQL: it is part of every confirmation, and compiling it through the ORM costs more than
    running it)."""
    return RawSQL(  # noqa: S611 - fixed SQL, values as parameters
        _EXPOSURE,
        [
            customer.pk,
            Receivable.State.SETTLED,
            customer.pk,
            *OPEN_ORDER_STATES,
            excluding.pk if excluding is not None else 0,
        ],
        output_field=MONEY,
    )
