"""The reads of customer relations, scoped by access (ORG-2): contact records with
crm.view_contacts (their author always sees their own), intelligence with crm.view_intel."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from yunying.core import access
from yunying.core.models import Employee

from .models import ContactRecord, FollowUp, MarketIntel, Promotion
from .permissions import (
    LOG_CONTACT,
    PLAN_PROMOTION,
    RECORD_INTEL,
    VIEW_CONTACTS,
    VIEW_INTEL,
    VIEW_PROMOTION,
)

FOUR = Decimal("0.0001")


def may_see_contacts(actor: Employee | None) -> bool:
    return access.has_perm(actor, VIEW_CONTACTS) or access.has_perm(actor, LOG_CONTACT)


def contacts_visible_to(actor: Employee | None) -> QuerySet[ContactRecord]:
    """The records within the actor's scope for crm.view_contacts, those they logged and those
    that left them a follow-up."""
    rows = ContactRecord.objects.select_related(
        "customer", "supplier", "contact", "created_by", "department"
    )
    if actor is None:
        return rows.none()
    condition = access.scope_filter(ContactRecord, actor, VIEW_CONTACTS)
    if condition is None:
        return rows
    mine = FollowUp.objects.filter(owner=actor).values("record_id")
    return rows.filter(condition | Q(created_by=actor) | Q(pk__in=mine))


def follow_ups_of(record: ContactRecord) -> QuerySet[FollowUp]:
    return record.follow_ups.select_related("owner", "task").order_by("due_on", "id")


def may_see_intel(actor: Employee | None) -> bool:
    return access.has_perm(actor, VIEW_INTEL) or access.has_perm(actor, RECORD_INTEL)


def intel_visible_to(actor: Employee | None) -> QuerySet[MarketIntel]:
    """The entries within the actor's scope for crm.view_intel, and their own."""
    rows = MarketIntel.objects.select_related("competitor", "item", "region", "created_by")
    if actor is None:
        return rows.none()
    condition = access.scope_filter(MarketIntel, actor, VIEW_INTEL)
    if condition is None:
        return rows
    return rows.filter(condition | Q(created_by=actor))


def may_see_promotions(actor: Employee | None) -> bool:
    return access.has_perm(actor, VIEW_PROMOTION) or access.has_perm(actor, PLAN_PROMOTION)


def promotions_visible_to(actor: Employee | None) -> QuerySet[Promotion]:
    """The promotion plans within the actor's scope for crm.view_promotion or
    crm.plan_promotion, and those they drafted or own (MKT-2)."""
    rows = Promotion.objects.select_related("owner", "created_by", "department")
    if actor is None:
        return rows.none()
    conditions = [
        access.scope_filter(Promotion, actor, c) for c in (VIEW_PROMOTION, PLAN_PROMOTION)
    ]
    if any(condition is None for condition in conditions):
        return rows
    mine = Q(created_by=actor) | Q(owner=actor)
    for condition in conditions:
        mine |= condition  # type: ignore[operator]
    return rows.filter(mine)


def price_points(entries: Iterable[MarketIntel]) -> list[dict[str, Any]]:
    """Competitors' prices over time: one series per competitor and product (in name order),
    its points ``{observed_on, price}`` in date order, the prices of one day averaged."""
    days: dict[tuple[str, str], dict[datetime.date, list[Decimal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for entry in entries:
        days[(entry.competitor.name, entry.product)][entry.observed_on].append(entry.price)
    return [
        {
            "competitor": competitor,
            "product": product,
            "points": [
                {
                    "observed_on": day,
                    "price": (sum(prices, Decimal(0)) / len(prices)).quantize(FOUR),
                }
                for day, prices in sorted(by_day.items())
            ],
        }
        for (competitor, product), by_day in sorted(days.items())
    ]


def price_series(entries: Iterable[MarketIntel]) -> dict[str, Any]:
    """The ECharts line chart of :func:`price_points`: points ``[day, price]``."""
    series = [
        {
            "name": f"{line['competitor']} · {line['product']}",
            "type": "line",
            "data": [
                [point["observed_on"].isoformat(), float(point["price"])]
                for point in line["points"]
            ],
        }
        for line in price_points(entries)
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "scale": True},
        "series": series,
    }
