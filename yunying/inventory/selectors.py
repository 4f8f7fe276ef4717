"""Reading stock: availability, balances, the ledger, the overview charts, the stocktake
schedule, and the invariant ledger = balances."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata.models import Item, Location
from yunying.policy import selectors as policy

from .models import (
    LedgerKind,
    StockAlert,
    StockBalance,
    StockLedgerEntry,
    StockPeriod,
    StockReservation,
    Stocktake,
    StocktakeLine,
    StockTransfer,
)
from .services.alerts import SELLABLE

ZERO = Decimal("0")
QTY_STEP = Decimal("0.001")
VALUE_STEP = Decimal("0.0001")


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
LEDGER_ORDER = ("-posted_at", "-id")


def ledger(
    *,
    item: Item | None = None,
    location: Location | None = None,
    source_type: str = "",
    source_id: int | None = None,
) -> QuerySet[StockLedgerEntry]:
    rows = StockLedgerEntry.objects.select_related("item", "location__warehouse", "actor")
    if item is not None:
        rows = rows.filter(item=item)
    if location is not None:
        rows = rows.filter(location=location)
    if source_type:
        rows = rows.filter(source_type=source_type)
    if source_id is not None:
        rows = rows.filter(source_id=source_id)
    return rows.order_by(*LEDGER_ORDER)


def open_alerts() -> QuerySet[StockAlert]:
    return StockAlert.objects.filter(state=StockAlert.State.OPEN).select_related("item__planner")


def reservations_of(source_type: str, source_id: int) -> QuerySet[StockReservation]:
    return StockReservation.objects.filter(
        source_type=source_type, source_id=source_id
    ).select_related("location")


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


# ----------------------------------------------------------------------------- stocktake schedule


@dataclass
class LocationSchedule:
    location: Location
    last_counted: datetime.date | None
    due: datetime.date
    in_progress: Stocktake | None

    @property
    def overdue(self) -> bool:
        """Past its date, or never counted at all."""
        if self.in_progress is not None:
            return False
        return self.last_counted is None or self.due < timezone.localdate()


def stocktake_schedule() -> list[LocationSchedule]:
    """When each location was last counted and when it is due by the regulation's cadence."""
    today = timezone.localdate()
    last: dict[int, datetime.date] = {}
    for location_id, posted_at in Stocktake.objects.filter(
        state=Stocktake.State.POSTED
    ).values_list("locations", "posted_at"):
        day = timezone.localtime(posted_at).date()
        if location_id and (location_id not in last or day > last[location_id]):
            last[location_id] = day
    running: dict[int, Stocktake] = {}
    for stocktake in Stocktake.objects.filter(
        state__in=Stocktake.FROZEN_STATES | {"draft"}
    ).prefetch_related("locations"):
        for location in stocktake.locations.all():
            running[location.pk] = stocktake
    result = []
    for location in Location.objects.filter(active=True, kind__in=SELLABLE).select_related(
        "warehouse"
    ):
        counted = last.get(location.pk)
        due = policy.cadence_due("inventory.stocktake_interval", counted, today=today)
        result.append(LocationSchedule(location, counted, due, running.get(location.pk)))
    return result


# ----------------------------------------------------------------------------- invariant


@dataclass(frozen=True)
class Mismatch:
    item_id: int
    location_id: int
    field: str
    ledger: Decimal
    balance: Decimal


def ledger_mismatches() -> list[Mismatch]:
    """Every (item, location) whose balance differs from the sum of its ledger (quantity and
    value) or from its active reservations. Empty when the invariant holds (INV-1)."""
    zero = Value(ZERO, output_field=DecimalField(max_digits=20, decimal_places=4))
    sums: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(
        lambda: {"on_hand": ZERO, "value": ZERO, "reserved": ZERO}
    )
    for row in StockLedgerEntry.objects.values("item_id", "location_id").annotate(
        quantity=Coalesce(Sum("quantity"), zero), value=Coalesce(Sum("value"), zero), n=Count("id")
    ):
        key = (row["item_id"], row["location_id"])
        # SQLite adds decimals as floating point: round the sums to the columns' precision.
        sums[key]["on_hand"] = Decimal(row["quantity"]).quantize(QTY_STEP)
        sums[key]["value"] = Decimal(row["value"]).quantize(VALUE_STEP)
    for row in (
        StockReservation.objects.filter(state=StockReservation.State.ACTIVE)
        .values("item_id", "location_id")
        .annotate(quantity=Sum("quantity"))
    ):
        sums[(row["item_id"], row["location_id"])]["reserved"] = Decimal(row["quantity"]).quantize(
            QTY_STEP
        )
    found = {}
    for balance in StockBalance.objects.all().iterator(chunk_size=5000):
        found[(balance.item_id, balance.location_id)] = {
            "on_hand": balance.on_hand,
            "value": balance.value,
            "reserved": balance.reserved,
        }
    problems = []
    for key in sorted(set(sums) | set(found)):
        expected = sums.get(key, {"on_hand": ZERO, "value": ZERO, "reserved": ZERO})
        actual = found.get(key, {"on_hand": ZERO, "value": ZERO, "reserved": ZERO})
        for name in ("on_hand", "value", "reserved"):
            if expected[name] != actual[name]:
                problems.append(Mismatch(key[0], key[1], name, expected[name], actual[name]))
    return problems


# ----------------------------------------------------------------------------- pages and API

VIEW = "inventory.view_stock"
MOVE = "inventory.move_stock"
MANAGE_STOCKTAKE = "inventory.manage_stocktake"
QTY_ZERO = Value(ZERO, output_field=DecimalField(max_digits=18, decimal_places=3))


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


def ledger_search(
    *,
    item: Item | None = None,
    location: Location | None = None,
    kind: str = "",
    number: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[StockLedgerEntry]:
    rows = ledger(item=item, location=location)
    if kind:
        rows = rows.filter(kind=kind)
    if number:
        rows = rows.filter(source_number__icontains=number)
    if date_from:
        rows = rows.filter(posting_date__gte=date_from)
    if date_to:
        rows = rows.filter(posting_date__lte=date_to)
    return rows


# The pages that show the documents a ledger entry comes from.
SOURCE_PAGES = {
    "procurement.goodsreceipt": "/procurement/receipts/{id}/",
    "inventory.stocktransfer": "/inventory/transfers/{id}/",
    "inventory.stocktake": "/inventory/stocktakes/{id}/",
}


def source_url(source_type: str, source_id: int) -> str | None:
    page = SOURCE_PAGES.get(source_type)
    return page.format(id=source_id) if page else None


def _held(actor: Employee, *codes: str) -> str | None:
    return next((code for code in codes if access.has_perm(actor, code)), None)


def transfers_visible_to(actor: Employee) -> QuerySet[StockTransfer]:
    """Transfers for those who see stock or move it."""
    rows = StockTransfer.objects.select_related("created_by", "department").annotate(
        line_count=Count("lines")
    )
    code = _held(actor, VIEW, MOVE)
    return access.scope(rows, actor, code) if code else rows.none()


def stocktakes_visible_to(actor: Employee) -> QuerySet[Stocktake]:
    """Stocktakes for those who see stock or manage stocktakes."""
    rows = Stocktake.objects.select_related("created_by", "department").prefetch_related(
        "locations__warehouse"
    )
    code = _held(actor, VIEW, MANAGE_STOCKTAKE)
    return access.scope(rows, actor, code) if code else rows.none()


def stocktake_lines(stocktake: Stocktake) -> list[StocktakeLine]:
    return list(
        stocktake.lines.select_related("item", "location__warehouse").order_by(
            "location__warehouse__code", "location__code", "item__code"
        )
    )


def closed_periods() -> QuerySet[StockPeriod]:
    return StockPeriod.objects.select_related("closed_by").order_by("-year", "-month")


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


def overdue_locations() -> list[LocationSchedule]:
    return [schedule for schedule in stocktake_schedule() if schedule.overdue]
