"""Sales statistics: confirmed sales (by order date) — quantity, amount ordered and amount
delivered — by month, item, customer or region, and their totals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import ExpressionWrapper, F, QuerySet, Sum
from django.db.models.functions import TruncMonth

from ..models import SalesOrderLine
from .common import COUNTED, MONEY, ZERO

DIMENSIONS = ("month", "item", "customer", "region")
DELIVERED_VALUE = ExpressionWrapper(F("delivered_quantity") * F("unit_price"), output_field=MONEY)


def _counted_lines(
    start: datetime.date | None, end: datetime.date | None
) -> QuerySet[SalesOrderLine]:
    lines = SalesOrderLine.objects.filter(order__state__in=COUNTED)
    if start:
        lines = lines.filter(order__order_date__gte=start)
    if end:
        lines = lines.filter(order__order_date__lte=end)
    return lines


def sales_by(
    dimension: str, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Ordered quantity and amount, delivered amount, grouped by month, item, customer or region."""
    keys = {
        "month": ("month",),
        "item": ("item__code", "item__name"),
        "customer": ("order__customer__code", "order__customer__name"),
        "region": ("order__region__code", "order__region__name"),
    }[dimension]
    lines = _counted_lines(start, end)
    if dimension == "month":
        lines = lines.annotate(month=TruncMonth("order__order_date"))
    rows = (
        lines.order_by()
        .values(*keys)
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"), delivered=Sum(DELIVERED_VALUE))
        .order_by(*(keys if dimension == "month" else ("-amount",)))
    )
    return [
        {
            "label": (
                row["month"].strftime("%Y-%m")
                if dimension == "month"
                else f"{row[keys[0]]} {row[keys[1]]}"
            ),
            "quantity": row["quantity"] or ZERO,
            "amount": row["amount"] or ZERO,
            "delivered": (row["delivered"] or ZERO).quantize(Decimal("0.01")),
        }
        for row in rows
    ]


def statistics(
    *, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, list[dict[str, Any]]]:
    """:func:`sales_by` for every dimension."""
    return {dimension: sales_by(dimension, start=start, end=end) for dimension in DIMENSIONS}


def totals_of(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((row[key] for row in rows), ZERO) for key in ("quantity", "amount", "delivered")
    }
