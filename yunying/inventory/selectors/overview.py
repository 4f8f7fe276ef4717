"""The figures of the inventory overview: stock value per category, receipts per week and the
items furthest below their safety stock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from yunying.masterdata.models import Item

from ..models import (
    LedgerKind,
    StockBalance,
    StockLedgerEntry,
)
from .common import QTY_ZERO, ZERO
from .stock import ItemStock, stock_by_item

# ----------------------------------------------------------------------------- overview charts


def value_by_category() -> list[dict[str, Any]]:
    rows = (
        StockBalance.objects.values("item__category__name")
        .annotate(value=Sum("value"))
        .filter(value__gt=0)
        .order_by("-value")
    )
    return [{"name": r["item__category__name"], "value": float(r["value"])} for r in rows]


def receipts_per_week(*, weeks: int = 12) -> list[tuple[str, float]]:
    since = timezone.localdate() - datetime.timedelta(weeks=weeks)
    rows = (
        StockLedgerEntry.objects.filter(kind="receipt", posting_date__gte=since)
        .annotate(week=TruncWeek("posting_date"))
        .values("week")
        .annotate(quantity=Sum("quantity"))
        .order_by("week")
    )
    return [(row["week"].strftime("%m-%d"), float(row["quantity"])) for row in rows]


def items_below_safety(limit: int = 20) -> list[ItemStock]:
    items = Item.objects.filter(active=True, safety_stock__gt=0)
    below = [s for s in stock_by_item(items) if s.below_safety]
    return sorted(below, key=lambda s: s.available - s.item.safety_stock)[:limit]


@dataclass(frozen=True)
class WeekReceipts:
    week: datetime.date
    receipts: int
    quantity: Decimal


def weekly_receipts(*, weeks: int = 12, today: datetime.date | None = None) -> list[WeekReceipts]:
    """Goods received per week (Monday first), the weeks without receipts included: how many
    receipt documents and the quantity they brought in."""
    day = today or timezone.localdate()
    this_monday = day - datetime.timedelta(days=day.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    rows = (
        StockLedgerEntry.objects.filter(kind=LedgerKind.RECEIPT, posting_date__gte=first)
        .annotate(week=TruncWeek("posting_date"))
        .values("week")
        .annotate(
            receipts=Count("source_id", distinct=True), quantity=Coalesce(Sum("quantity"), QTY_ZERO)
        )
    )
    found: dict[datetime.date, dict[str, Any]] = {}
    for row in rows:
        week = row["week"]
        found[week.date() if isinstance(week, datetime.datetime) else week] = row
    result = []
    for index in range(weeks):
        monday = first + datetime.timedelta(weeks=index)
        row = found.get(monday, {})
        result.append(WeekReceipts(monday, int(row.get("receipts", 0)), row.get("quantity", ZERO)))
    return result
