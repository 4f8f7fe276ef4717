"""The stock of a few items as one transaction sees it, read in one statement.

Every stock writer follows the same steps (``docs/architecture.md``, lock order):

1. :func:`lock_items` locks the items in primary-key order. From then on nobody else changes
   these items' balances, reservations or alerts, so they need no row locks of their own;
2. :func:`load` reads them, with the items' safety stock and open alerts, in one statement;
3. before a ledger posting, :func:`check_posting` takes shared locks on the locations and checks
   that the period is open and that no stocktake counts there;
4. the service computes in Python and queues its writes on a ``core.sql.Batch``
   (:meth:`StockState.write` for the balances), sent as one statement at its end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from yunying.core.errors import RuleViolation
from yunying.core.sql import Batch
from yunying.masterdata.models import Item, Location

from ..models import StockBalance, StockReservation

ZERO = Decimal("0")
SELLABLE = (Location.Kind.STORAGE, Location.Kind.RECEIVING)
_PLACES = {"qty": Decimal("0.001"), "value": Decimal("0.0001")}


def _decimal(value: Any, kind: str) -> Decimal:
    """A number read with plain SQL (SQLite returns floats) as the column's Decimal."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(_PLACES[kind])


@dataclass
class ItemStock:
    safety_stock: Decimal
    standard_cost: Decimal
    active: bool
    open_alert: int | None = None


@dataclass
class StockState:
    balances: dict[tuple[int, int], StockBalance] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    items: dict[int, ItemStock] = field(default_factory=dict)
    reservations: list[StockReservation] = field(default_factory=list)
    _changed: set[tuple[int, int]] = field(default_factory=set)

    def balance(self, item_id: int, location_id: int) -> StockBalance:
        """The balance of the item at the location (a new one at zero if there is none)."""
        key = (item_id, location_id)
        if key not in self.balances:
            self.balances[key] = StockBalance(item_id=item_id, location_id=location_id)
        return self.balances[key]

    def changed(self, balance: StockBalance) -> None:
        self._changed.add((balance.item_id, balance.location_id))

    def sellable(self, item_id: int) -> list[StockBalance]:
        """The item's balances at the locations it is sold from, by location."""
        return sorted(
            (
                b
                for (i, loc), b in self.balances.items()
                if i == item_id and self.kinds.get(loc) in SELLABLE
            ),
            key=lambda b: (b.location_id, b.pk or 0),
        )

    def available(self, item_id: int) -> Decimal:
        return sum((b.on_hand - b.reserved for b in self.sellable(item_id)), ZERO)

    def write(self, batch: Batch) -> None:
        """Queue the changed balances: updates of existing rows, inserts of new ones."""
        changed = [self.balances[key] for key in sorted(self._changed)]
        batch.insert([b for b in changed if b.pk is None])
        batch.update(
            StockBalance,
            ["on_hand", "reserved", "value"],
            [(b.pk, b.on_hand, b.reserved, b.value) for b in changed if b.pk is not None],
        )
        self._changed.clear()


def lock_items(item_ids: Iterable[int]) -> None:
    """Lock the items' rows in primary-key order: every stock writer does this first."""
    ids = sorted(set(item_ids))
    if connection.features.has_select_for_update and ids:
        list(
            Item.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


# One statement, one row shape: a tag, then the columns each part fills (see load()).
_BALANCES = (
    "SELECT 'b', b.id, b.item_id, b.location_id, b.on_hand, b.reserved, b.value, l.kind "
    "FROM inventory_stockbalance b JOIN masterdata_location l ON l.id = b.location_id "
    "WHERE b.item_id IN ({ids})"
)
_ITEMS = (
    "SELECT 'i', i.id, i.id, a.id, i.safety_stock, i.standard_cost, NULL, "
    "CASE WHEN i.active THEN 'y' ELSE 'n' END FROM masterdata_item i "
    "LEFT JOIN inventory_stockalert a ON a.item_id = i.id AND a.state = 'open' "
    "WHERE i.id IN ({ids})"
)
_KINDS = (
    "SELECT 'l', l.id, NULL, l.id, NULL, NULL, NULL, l.kind FROM masterdata_location l "
    "WHERE l.id IN ({ids})"
)
_RESERVATIONS = (
    "SELECT 'r', r.id, r.item_id, r.location_id, r.quantity, NULL, NULL, "
    "CAST(r.source_line AS varchar(20)) FROM inventory_stockreservation r "
    "WHERE r.source_type = %s AND r.source_line IN ({ids}) AND r.state = 'active'"
)


def load(
    item_ids: Iterable[int],
    *,
    locations: Iterable[int] = (),
    reservations_of: tuple[str, Sequence[int]] | None = None,
) -> StockState:
    """Balances (at every location), safety stock and open alerts of the items, the kinds of
    ``locations`` and the active reservations of the given document lines: one statement.
    Call after :func:`lock_items` for the same items."""
    items = sorted(set(item_ids))
    places = sorted(set(locations))
    state = StockState()
    if not items:
        return state
    parts = [_BALANCES.format(ids=_in(items)), _ITEMS.format(ids=_in(items))]
    params: list[Any] = [*items, *items]
    if places:
        parts.append(_KINDS.format(ids=_in(places)))
        params += places
    if reservations_of is not None and reservations_of[1]:
        source_type, lines = reservations_of
        parts.append(_RESERVATIONS.format(ids=_in(lines)))
        params += [source_type, *lines]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for tag, pk, item, place, first, second, third, text in rows:
        if tag == "b":
            state.balances[(item, place)] = StockBalance(
                id=pk,
                item_id=item,
                location_id=place,
                on_hand=_decimal(first, "qty"),
                reserved=_decimal(second, "qty"),
                value=_decimal(third, "value"),
            )
            state.kinds[place] = text
        elif tag == "i":
            stock = state.items.get(pk)
            if stock is None:
                state.items[pk] = ItemStock(
                    _decimal(first, "qty"), _decimal(second, "value"), text == "y", place
                )
        elif tag == "l":
            state.kinds[pk] = text
        else:
            state.reservations.append(
                StockReservation(
                    id=pk,
                    item_id=item,
                    location_id=place,
                    quantity=_decimal(first, "qty"),
                    source_type=reservations_of[0] if reservations_of else "",
                    source_line=int(text),
                    state=StockReservation.State.ACTIVE,
                )
            )
    state.reservations.sort(key=lambda r: r.pk)
    return state


_POSTING = (
    "SELECT l.id, l.counted_by, (SELECT COUNT(*) FROM inventory_stockperiod p "
    "WHERE p.year = %s AND p.month = %s) FROM masterdata_location l "
    "WHERE l.id IN ({ids}) ORDER BY l.id{lock}"
)


def check_posting(day: datetime.date, location_ids: Iterable[int], *, stocktake: str = "") -> None:
    """Shared locks on the locations (a stocktake starting waits for the posting), then refuse
    a posting into a closed period (INV-1) or at a location a stocktake other than
    ``stocktake`` is counting (INV-5): one statement. The freeze is read from the locked rows
    themselves, so a stocktake that started while this posting waited is seen."""
    ids = sorted(set(location_ids))
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(_POSTING.format(ids=_in(ids), lock=lock), [day.year, day.month, *ids])
        rows = cursor.fetchall()
    if rows and rows[0][2]:
        raise RuleViolation(
            _("The stock period %(period)s is closed; post with a date in an open period.")
            % {"period": f"{day.year}-{day.month:02d}"},
            clause="INV-1",
            code="period_closed",
            field="posting_date",
        )
    for _location, counted_by, _closed in rows:
        if counted_by and counted_by != stocktake:
            raise RuleViolation(
                _(
                    "A location is being counted by %(stocktake)s; stock there is frozen until "
                    "it is posted."
                )
                % {"stocktake": counted_by},
                clause="INV-5",
                code="location_frozen",
            )
