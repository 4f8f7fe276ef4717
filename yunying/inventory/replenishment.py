"""The replenishment proposal (INV-2): per item, what to order now.

    position  = on hand + planned supply − open demand
    cover     = lead time + review period (days)
    need      = safety stock + forecast weekly demand × cover / 7
    proposal  = need − position, when positive, rounded up to the reorder quantity

Forecast: simple exponential smoothing over the weekly quantities issued and shipped in the last
N complete weeks, from the first week with demand (the smoothing factor and N are parameters of
the regulation in force). Open demand comes from the apps that have it (sales orders not yet
shipped); planned supply from the apps that have it (plan lines not yet contracted, contract
lines not yet received), so a need that is already being bought is not proposed twice.

The lines the supervisor chooses from the proposal become a replenishment plan of the app that
buys (procurement), which offers itself with ``register_planner``.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any, Protocol

from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils import timezone

from yunying.core.models import Employee
from yunying.masterdata.models import Item
from yunying.policy import selectors as policy

from .models import LedgerKind, StockBalance
from .services.alerts import SELLABLE

ZERO = Decimal("0")
QTY_STEP = Decimal("0.001")
PerItem = Callable[[set[int]], dict[int, Decimal]]
_DEMAND: list[PerItem] = []
_SUPPLY: list[PerItem] = []


def register_demand(source: PerItem) -> None:
    """An app with open demand (e.g. sales orders not yet shipped) adds it per item."""
    _DEMAND.append(source)


def register_supply(source: PerItem) -> None:
    """An app with planned supply (e.g. plans and open contracts) adds it per item."""
    _SUPPLY.append(source)


def _collect(sources: list[PerItem], item_ids: set[int]) -> dict[int, Decimal]:
    total: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for source in sources:
        for item_id, quantity in source(item_ids).items():
            total[item_id] += quantity
    return total


@dataclass(frozen=True)
class Settings:
    alpha: Decimal
    weeks: int
    review_days: int
    clause: str


def settings() -> Settings:
    alpha = policy.parameter("inventory.forecast_smoothing")
    return Settings(
        alpha=alpha.value,
        weeks=int(policy.parameter("inventory.forecast_history_weeks").value),
        review_days=int(policy.parameter("inventory.review_period_days").value),
        clause=alpha.clause,
    )


def weekly_issues(
    item_ids: set[int], *, weeks: int, today: datetime.date
) -> dict[int, list[Decimal]]:
    """Quantities issued or shipped per item and week, oldest week first, the empty ones zero.

    One grouped statement; the week number is computed in the database, so the cost does not
    depend on the number of ledger rows that Python sees."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks)
    if connection.vendor == "postgresql":
        week = "(posting_date - %s::date) / 7"
    else:
        week = "CAST((julianday(posting_date) - julianday(%s)) / 7 AS INTEGER)"
    sql = (
        f"SELECT item_id, {week} AS week, SUM(quantity) FROM inventory_stockledgerentry "  # noqa: S608
        "WHERE kind IN (%s, %s) AND posting_date >= %s AND posting_date < %s "
        "GROUP BY item_id, week"
    )
    params: list[Any] = [first, LedgerKind.ISSUE, LedgerKind.SHIPMENT, first, this_monday]
    series: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * weeks)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for item_id, index, quantity in cursor.fetchall():
            if item_id in item_ids and 0 <= index < weeks:
                series[item_id][int(index)] -= Decimal(quantity).quantize(
                    QTY_STEP
                )  # issues are negative
    return series


def smooth(series: list[Decimal], alpha: Decimal) -> Decimal:
    """Simple exponential smoothing; the level starts at the first week with any demand, so an
    item sold only recently is not forecast low by the weeks before it existed."""
    started = [index for index, value in enumerate(series) if value]
    if not started:
        return ZERO
    level = series[started[0]]
    for value in series[started[0] + 1 :]:
        level = alpha * value + (1 - alpha) * level
    return level


@dataclass
class Proposal:
    item: Item
    on_hand: Decimal
    open_demand: Decimal
    planned_supply: Decimal
    weekly_forecast: Decimal
    cover_days: int
    safety_stock: Decimal
    need: Decimal
    quantity: Decimal

    @property
    def position(self) -> Decimal:
        return self.on_hand + self.planned_supply - self.open_demand


def proposals(
    items: QuerySet[Item] | None = None,
    *,
    today: datetime.date | None = None,
    only_needed: bool = False,
) -> list[Proposal]:
    """The proposal for each active item (or the given ones), from a handful of grouped
    queries whatever the number of items."""
    day = today or timezone.localdate()
    config = settings()
    chosen = list(
        (items if items is not None else Item.objects.filter(active=True)).order_by("code")
    )
    ids = {item.pk for item in chosen}
    on_hand = dict(
        StockBalance.objects.filter(item_id__in=ids, location__kind__in=SELLABLE)
        .values_list("item_id")
        .annotate(total=Sum("on_hand"))
    )
    demand = _collect(_DEMAND, ids)
    supply = _collect(_SUPPLY, ids)
    history = weekly_issues(ids, weeks=config.weeks, today=day)
    result = []
    for item in chosen:
        forecast = smooth(history[item.pk], config.alpha) if item.pk in history else ZERO
        cover = item.lead_time_days + config.review_days
        need = item.safety_stock + forecast * cover / 7
        proposal = Proposal(
            item=item,
            on_hand=on_hand.get(item.pk) or ZERO,
            open_demand=demand.get(item.pk, ZERO),
            planned_supply=supply.get(item.pk, ZERO),
            weekly_forecast=forecast.quantize(Decimal("0.001")),
            cover_days=cover,
            safety_stock=item.safety_stock,
            need=need.quantize(Decimal("0.001")),
            quantity=ZERO,
        )
        shortfall = need - proposal.position
        if shortfall > 0:
            proposal.quantity = round_up(shortfall, item.reorder_quantity)
        if proposal.quantity > 0 or not only_needed:
            result.append(proposal)
    return result


def round_up(quantity: Decimal, multiple: Decimal) -> Decimal:
    if multiple and multiple > 0:
        return Decimal(math.ceil(quantity / multiple)) * multiple
    return quantity.quantize(Decimal("1"), rounding=ROUND_CEILING)


def for_items(item_ids: Iterable[int]) -> dict[int, Proposal]:
    return {p.item.pk: p for p in proposals(Item.objects.filter(pk__in=list(item_ids)))}


# ----------------------------------------------------------------------------- to a plan


@dataclass(frozen=True)
class OrderLine:
    """A proposal line the supervisor takes into a plan: how much to order and by when."""

    proposal: Proposal
    quantity: Decimal
    needed_by: datetime.date


@dataclass(frozen=True)
class DraftedPlan:
    """The plan drafted from the chosen lines: its number and its page."""

    number: str
    url: str


class Planner(Protocol):
    def __call__(
        self,
        *,
        title: str,
        needed_by: datetime.date,
        lines: list[OrderLine],
        actor: Employee,
    ) -> DraftedPlan: ...


_PLANNERS: list[Planner] = []


def register_planner(planner: Planner) -> None:
    """The app that buys (procurement) drafts replenishment plans from chosen proposal lines."""
    _PLANNERS[:] = [planner]


def can_draft_plans() -> bool:
    """Whether an app that drafts replenishment plans is installed."""
    return bool(_PLANNERS)


def draft_plan(
    *, title: str, needed_by: datetime.date, lines: list[OrderLine], actor: Employee
) -> DraftedPlan:
    """A draft replenishment plan (INV-3) of the chosen lines, by the app that buys."""
    if not _PLANNERS:
        raise LookupError("No app drafts replenishment plans.")
    return _PLANNERS[0](title=title, needed_by=needed_by, lines=lines, actor=actor)
