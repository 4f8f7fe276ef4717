"""Receivables ageing (SALES-8): the overdue buckets of the regulation, the outstanding amounts
by customer or region in them, and the buckets' names as people read them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, ExpressionWrapper, F, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from yunying.policy import selectors as policy

from ..models import Receivable
from .common import MONEY, ZERO


@dataclass
class AgeingRow:
    key: Any
    label: str
    buckets: list[Decimal] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)


def ageing_buckets() -> tuple[list[int], list[str]]:
    """Upper bounds of the overdue buckets from the regulation, and their labels."""
    bounds, _clause = policy.table("sales.ageing_buckets")
    bounds = sorted(int(b) for b in bounds)
    labels = ["current"]
    lower = 1
    for bound in bounds:
        labels.append(f"{lower}-{bound}")
        lower = bound + 1
    labels.append(f"{lower}+")
    return bounds, labels


def _bucket_sums(day: datetime.date, bounds: list[int]) -> dict[str, Any]:
    """The sum of what is outstanding in each bucket, ``b0`` (not yet due) to the last (over
    the highest bound), by the due date."""
    outstanding = ExpressionWrapper(F("amount") - F("credited") - F("paid"), output_field=MONEY)
    edges = [day - datetime.timedelta(days=b) for b in bounds]
    annotations: dict[str, Any] = {
        "b0": Sum(
            Case(When(due_date__gte=day, then=outstanding), default=Value(ZERO), output_field=MONEY)
        )
    }
    previous = day
    for index, edge in enumerate(edges, start=1):
        annotations[f"b{index}"] = Sum(
            Case(
                When(due_date__lt=previous, due_date__gte=edge, then=outstanding),
                default=Value(ZERO),
                output_field=MONEY,
            )
        )
        previous = edge
    annotations[f"b{len(edges) + 1}"] = Sum(
        Case(When(due_date__lt=previous, then=outstanding), default=Value(ZERO), output_field=MONEY)
    )
    return annotations


def ageing(
    receivables: QuerySet[Receivable], *, by: str = "customer", today: datetime.date | None = None
) -> tuple[list[str], list[AgeingRow]]:
    """Outstanding amounts by customer (or region) in the buckets current, 1–30, 31–60, 61–90,
    90+ days overdue — one grouped query over the open receivables."""
    day = today or timezone.localdate()
    bounds, labels = ageing_buckets()
    group = {
        "customer": ("customer_id", "customer__name"),
        "region": ("region_id", "region__name"),
    }[by]
    rows = (
        receivables.exclude(state=Receivable.State.SETTLED)
        .order_by()
        .values(*group)
        .annotate(**_bucket_sums(day, bounds))
        .order_by(group[1])
    )
    result = [
        AgeingRow(
            row[group[0]],
            row[group[1]],
            [(row[f"b{i}"] or ZERO).quantize(Decimal("0.01")) for i in range(len(labels))],
        )
        for row in rows
    ]
    return labels, result


def ageing_label(key: str) -> str:
    """An ageing bucket as people read it: "current" is not yet due, "1-30" is 1–30 days
    overdue, "91+" over 90 days (SALES-8)."""
    if key == "current":
        return gettext("Not yet due")
    if key.endswith("+"):
        return gettext("Over %(days)s days") % {"days": int(key[:-1]) - 1}
    low, _sep, high = key.partition("-")
    return gettext("%(low)s–%(high)s days") % {"low": low, "high": high}


def ageing_totals(rows: list[AgeingRow], buckets: int) -> list[Decimal]:
    return [sum((row.buckets[i] for row in rows), ZERO) for i in range(buckets)]
