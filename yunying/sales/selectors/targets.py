"""Reading sales targets (SALES-6): a target's achievement — orders confirmed, goods delivered,
money collected in its period — the targets of a period as a tree, the salespeople targets are
set for and the targets a new one may be broken down from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet, Sum

from yunying.core.models import Employee
from yunying.masterdata.models import Region

from ..models import Payment, Receivable, SalesOrder, SalesTarget
from .common import COUNTED, ZERO
from .scope import MANAGE_ORDER


@dataclass
class Achievement:
    target: SalesTarget
    orders: Decimal
    deliveries: Decimal
    collection: Decimal

    def rate(self, actual: Decimal, goal: Decimal) -> float | None:
        return round(float(actual / goal * 100), 1) if goal else None

    @property
    def orders_rate(self) -> float | None:
        return self.rate(self.orders, self.target.orders_amount)

    @property
    def revenue_rate(self) -> float | None:
        return self.rate(self.deliveries, self.target.revenue_amount)

    @property
    def collection_rate(self) -> float | None:
        return self.rate(self.collection, self.target.collection_amount)


def achievement(target: SalesTarget) -> Achievement:
    """Orders confirmed, goods delivered (revenue) and money collected in the target's period,
    for its region and sub-regions or its salesperson."""
    if target.region_id:
        region: Region = target.region  # type: ignore[assignment]
        orders = SalesOrder.objects.filter(region__path__startswith=region.path)
        receivables = Receivable.objects.filter(region__path__startswith=region.path)
        payments = Payment.objects.filter(customer__region__path__startswith=region.path)
    else:
        orders = SalesOrder.objects.filter(created_by_id=target.salesperson_id)
        receivables = Receivable.objects.filter(order__created_by_id=target.salesperson_id)
        payments = Payment.objects.filter(customer__owner_id=target.salesperson_id)
    ordered = (
        orders.filter(state__in=COUNTED, order_date__range=(target.start, target.end)).aggregate(
            v=Sum("amount")
        )["v"]
        or ZERO
    )
    delivered = (
        receivables.filter(invoice_date__range=(target.start, target.end)).aggregate(
            v=Sum(F("amount") - F("credited"))
        )["v"]
        or ZERO
    )
    collected = (
        payments.filter(received_on__range=(target.start, target.end)).aggregate(v=Sum("amount"))[
            "v"
        ]
        or ZERO
    )
    return Achievement(target, ordered, delivered, collected)


def target_tree(period: str, year: int, number: int) -> list[tuple[int, Achievement]]:
    """The targets of a period, parents before their parts, with their depth and achievement."""
    targets = list(
        SalesTarget.objects.filter(period=period, year=year, number=number).select_related(
            "region", "salesperson"
        )
    )
    children: dict[int | None, list[SalesTarget]] = defaultdict(list)
    ids = {t.pk for t in targets}
    for target in targets:
        children[target.parent_id if target.parent_id in ids else None].append(target)
    result: list[tuple[int, Achievement]] = []

    def walk(parent: int | None, depth: int) -> None:
        for target in sorted(
            children[parent], key=lambda t: (t.region.path if t.region else "~", t.pk)
        ):
            result.append((depth, achievement(target)))
            walk(target.pk, depth + 1)

    walk(None, 0)
    return result


def salespeople() -> QuerySet[Employee]:
    """The active employees who enter orders (targets are set for them, SALES-6)."""
    return (
        Employee.objects.filter(active=True, positions__permissions__code=MANAGE_ORDER)
        .select_related("department")
        .distinct()
        .order_by("name")
    )


def targets_to_break_down() -> QuerySet[SalesTarget]:
    """Targets a new one may be broken down from (the service checks period and region)."""
    return SalesTarget.objects.select_related("region", "salesperson").order_by(
        "-year", "period", "-number", "region__path", "pk"
    )
