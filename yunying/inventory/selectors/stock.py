"""Stock on hand, reserved and available per item and location (INV-1), the stock list with its
totals, open alerts and reservations, and who sees transfers and closed months."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata.models import Item, Location

from ..models import (
    StockAlert,
    StockBalance,
    StockPeriod,
    StockReservation,
    StockTransfer,
)
from ..services.alerts import SELLABLE
from .common import MOVE, QTY_ZERO, VIEW, ZERO, held


def available(item_id: int, location_id: int | None = None) -> Decimal:
    """On hand minus reserved, at one location or over the sellable ones. One indexed query on
    the balance table: it does not grow with the ledger."""
    balances = StockBalance.objects.filter(item_id=item_id)
    balances = (
        balances.filter(location_id=location_id)
        if location_id
        else balances.filter(location__kind__in=SELLABLE)
    )
    total = balances.aggregate(v=Sum(F("on_hand") - F("reserved")))["v"]
    return total or ZERO


def balances(
    *, item: Item | None = None, location: Location | None = None
) -> QuerySet[StockBalance]:
    rows = StockBalance.objects.select_related("item__category", "location__warehouse").exclude(
        on_hand=0, reserved=0
    )
    if item is not None:
        rows = rows.filter(item=item)
    if location is not None:
        rows = rows.filter(location=location)
    return rows.order_by("item__code", "location__warehouse__code", "location__code")


@dataclass
class ItemStock:
    item: Item
    on_hand: Decimal
    reserved: Decimal
    value: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def below_safety(self) -> bool:
        return self.item.safety_stock > 0 and self.available < self.item.safety_stock


def stock_by_item(items: QuerySet[Item]) -> list[ItemStock]:
    """Each item with its totals over the sellable locations (value over all locations)."""
    sums = {
        row["item_id"]: row
        for row in StockBalance.objects.filter(item__in=items)
        .values("item_id")
        .annotate(
            on_hand=Sum("on_hand", filter=Q(location__kind__in=SELLABLE)),
            reserved=Sum("reserved"),
            value=Sum("value"),
        )
    }
    result = []
    for item in items.select_related("category"):
        row = sums.get(item.pk, {})
        result.append(
            ItemStock(
                item,
                row.get("on_hand") or ZERO,
                row.get("reserved") or ZERO,
                row.get("value") or ZERO,
            )
        )
    return result


# Newest first; indexes (posted_at, id) and (item, posted_at, id) serve it, id makes it total.
def open_alerts() -> QuerySet[StockAlert]:
    return StockAlert.objects.filter(state=StockAlert.State.OPEN).select_related("item__planner")


def reservations_of(source_type: str, source_id: int) -> QuerySet[StockReservation]:
    return StockReservation.objects.filter(
        source_type=source_type, source_id=source_id
    ).select_related("location")


def items_below_safety_ids() -> QuerySet[Any, dict[str, Any]]:
    """The active items whose available stock (sellable locations) is below their safety stock,
    as a queryset of primary keys for ``pk__in``."""
    return (
        Item.objects.filter(active=True, safety_stock__gt=0)
        .annotate(
            stock=Coalesce(
                Sum(
                    F("balances__on_hand") - F("balances__reserved"),
                    filter=Q(balances__location__kind__in=SELLABLE),
                ),
                QTY_ZERO,
            )
        )
        .filter(stock__lt=F("safety_stock"))
        .values("pk")
    )


def stock_list(
    *,
    warehouse_id: int | None = None,
    location_id: int | None = None,
    category_id: int | None = None,
    search: str = "",
    below_safety: bool = False,
) -> QuerySet[StockBalance]:
    """The balances of the stock page and the API, each annotated with ``free`` (on hand minus
    reserved)."""
    rows = balances().annotate(free=F("on_hand") - F("reserved"))
    if warehouse_id:
        rows = rows.filter(location__warehouse_id=warehouse_id)
    if location_id:
        rows = rows.filter(location_id=location_id)
    if category_id:
        rows = rows.filter(item__category_id=category_id)
    if search:
        rows = rows.filter(
            Q(item__code__icontains=search)
            | Q(item__name__icontains=search)
            | Q(item__specification__icontains=search)
        )
    if below_safety:
        rows = rows.filter(item_id__in=items_below_safety_ids())
    return rows


def stock_totals(rows: QuerySet[StockBalance]) -> dict[str, Decimal]:
    totals = rows.aggregate(
        on_hand=Coalesce(Sum("on_hand"), QTY_ZERO),
        reserved=Coalesce(Sum("reserved"), QTY_ZERO),
        value=Coalesce(Sum("value"), QTY_ZERO),
    )
    return {name: totals[name] or ZERO for name in ("on_hand", "reserved", "value")}


@dataclass
class ItemAvailability:
    """What sales may promise: the total over the sellable locations and each location's part."""

    item: Item
    locations: list[StockBalance]

    @property
    def sellable(self) -> list[StockBalance]:
        return [b for b in self.locations if b.location.kind in SELLABLE]

    @property
    def on_hand(self) -> Decimal:
        return sum((b.on_hand for b in self.sellable), ZERO)

    @property
    def reserved(self) -> Decimal:
        return sum((b.reserved for b in self.sellable), ZERO)

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def value(self) -> Decimal:
        return sum((b.value for b in self.locations), ZERO)


def item_availability(item: Item) -> ItemAvailability:
    return ItemAvailability(item, list(balances(item=item)))


def open_alert(item: Item) -> StockAlert | None:
    return StockAlert.objects.filter(item=item, state=StockAlert.State.OPEN).first()


def alerts(*, state: str = "") -> QuerySet[StockAlert]:
    rows = StockAlert.objects.select_related("item__planner").order_by("-raised_at", "-id")
    return rows.filter(state=state) if state else rows


def transfers_visible_to(actor: Employee) -> QuerySet[StockTransfer]:
    """Transfers for those who see stock or move it."""
    rows = StockTransfer.objects.select_related("created_by", "department").annotate(
        line_count=Count("lines")
    )
    code = held(actor, VIEW, MOVE)
    return access.scope(rows, actor, code) if code else rows.none()


def closed_periods() -> QuerySet[StockPeriod]:
    return StockPeriod.objects.select_related("closed_by").order_by("-year", "-month")
