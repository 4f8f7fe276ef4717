"""Posting to the stock ledger: the one writer of stock (INV-1, INV-6).

Every stock change goes through :func:`post_moves` (or, on the hot paths that read the stock
state themselves, :func:`apply_moves`) inside the transaction of the document that causes it.
It locks the items (in primary-key order, so concurrent postings never deadlock), takes shared
locks on the locations, checks that nothing goes negative or eats into stock reserved for
others, appends the ledger rows and updates the balances — four statements whatever the number
of lines. Valuation is a moving average per item and location.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.errors import InsufficientStock, ValidationFailed
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services.audit import object_type
from yunying.core.sql import Batch
from yunying.masterdata.models import Item, Location

from ..models import LedgerKind, StockBalance, StockLedgerEntry
from . import alerts, stock
from .stock import StockState, check_posting, lock_items

__all__ = ["Move", "Source", "apply_moves", "lock_items", "post_moves", "reverse_source"]

ZERO = Decimal("0")
VALUE_STEP = Decimal("0.0001")
COST_STEP = Decimal("0.000001")


@dataclass(frozen=True)
class Source:
    """The document a movement belongs to."""

    type: str
    id: int
    number: str

    @classmethod
    def of(cls, document: Model) -> Source:
        return cls(
            object_type(document), int(document.pk), str(getattr(document, "number", document.pk))
        )


@dataclass(frozen=True)
class Move:
    """One movement: ``quantity`` > 0 brings stock in, < 0 takes it out.

    ``unit_cost``: the cost of stock coming in (a receipt at the contract price); ``None`` means
    the location's moving average (issues, transfers) or, for an empty location, the item's
    standard cost. ``consumes_reserved``: how much of the outgoing quantity was reserved for this
    document (a shipment of a confirmed order), so it may use that reserved stock.
    """

    item_id: int
    location_id: int
    quantity: Decimal
    kind: str
    unit_cost: Decimal | None = None
    consumes_reserved: Decimal = ZERO
    source_line: int | None = None
    reverses_id: int | None = None
    # An incoming move that carries the cost of the move before it (the second half of a
    # transfer: stock arrives at the cost it left the other location with).
    cost_of_previous: bool = False


@dataclass
class _State:
    balance: StockBalance
    created: bool = False
    changed: bool = False
    touched: list[int] = field(default_factory=list)


def _q(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def lock_locations(location_ids: Iterable[int]) -> None:
    """Exclusive locks on the locations, taken by a stocktake starting: it waits for the
    postings under way there (they hold shared locks) and the next ones wait for it."""
    ids = sorted(set(location_ids))
    if connection.vendor != "postgresql" or not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM masterdata_location WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
            [ids],
        )


def post_moves(
    *,
    moves: Sequence[Move],
    source: Source,
    actor: Employee | None,
    posting_date: datetime.date | None = None,
    stocktake: str = "",
) -> None:
    """Post ``moves`` for ``source`` in the caller's transaction; refuse the whole document if
    any line would take stock below zero or below what is reserved for others (INV-6).
    ``stocktake``: the number of the stocktake posting its own adjustments (INV-5)."""
    if not connection.in_atomic_block:
        raise RuntimeError("post_moves() must run inside the document's transaction")
    _validate(moves)
    items = {m.item_id for m in moves}
    lock_items(items)
    state = stock.load(items, locations={m.location_id for m in moves})
    batch = Batch()
    apply_moves(
        state,
        moves,
        source=source,
        actor=actor,
        posting_date=posting_date,
        batch=batch,
        stocktake=stocktake,
    )
    state.write(batch)
    batch.send()


def _validate(moves: Sequence[Move]) -> None:
    if not moves:
        raise ValidationFailed(_("Nothing to post: the document has no quantities."), field="lines")
    for move in moves:
        if move.quantity == 0:
            raise ValidationFailed(
                _("A movement needs a quantity other than zero."), field="quantity"
            )


def apply_moves(
    state: StockState,
    moves: Sequence[Move],
    *,
    source: Source,
    actor: Employee | None,
    batch: Batch,
    posting_date: datetime.date | None = None,
    stocktake: str = "",
) -> None:
    """Post ``moves`` against ``state`` (loaded under the item locks): check the locations and
    the stock, queue the ledger rows on ``batch`` and change the balances in ``state`` (the
    caller queues them with ``state.write(batch)`` once it is done with the state)."""
    _validate(moves)
    day = posting_date or timezone.localdate()
    check_posting(day, {m.location_id for m in moves}, stocktake=stocktake)
    if day < timezone.localdate():
        _check_history(day, moves)
    now = timezone.now()
    entries: list[StockLedgerEntry] = []
    previous_cost = ZERO
    for move in moves:
        balance = state.balance(move.item_id, move.location_id)
        if move.quantity > 0:
            cost = previous_cost if move.cost_of_previous else move.unit_cost
            if cost is None:
                if balance.on_hand > 0:
                    cost = balance.value / balance.on_hand
                else:
                    known = state.items.get(move.item_id)
                    cost = known.standard_cost if known else ZERO
            value = _q(move.quantity * cost, VALUE_STEP)
        else:
            _check_available(balance, move)
            remaining = balance.on_hand + move.quantity
            average = balance.value / balance.on_hand
            cost = move.unit_cost if move.unit_cost is not None else average
            value = -balance.value if remaining == 0 else _q(move.quantity * cost, VALUE_STEP)
            balance.reserved -= move.consumes_reserved
        balance.on_hand += move.quantity
        balance.value += value
        state.changed(balance)
        previous_cost = cost
        entries.append(
            StockLedgerEntry(
                item_id=move.item_id,
                location_id=move.location_id,
                kind=move.kind,
                quantity=move.quantity,
                unit_cost=_q(cost, COST_STEP),
                value=value,
                posting_date=day,
                posted_at=now,
                source_type=source.type,
                source_id=source.id,
                source_number=source.number,
                source_line=move.source_line,
                reverses_id=move.reverses_id,
                actor=actor,
            )
        )
    batch.insert(entries)
    alerts.evaluate(state, {m.item_id for m in moves}, batch)


# The lowest end-of-day stock of an item at a location from a day on (its running balance).
_LOWEST_SINCE = """
SELECT MIN(running) FROM (
  SELECT posting_date, SUM(SUM(quantity)) OVER (ORDER BY posting_date) AS running
    FROM inventory_stockledgerentry WHERE item_id = %s AND location_id = %s
   GROUP BY posting_date
) days WHERE posting_date >= %s
"""


def _check_history(day: datetime.date, moves: Sequence[Move]) -> None:
    """INV-6 in the past: stock taken out with an earlier date must have been there on that
    day and on every day since, or a later posting would have used stock that was not there
    (the running balance of the ledger would go negative at that later date)."""
    taken: dict[tuple[int, int], Decimal] = {}
    for move in moves:
        key = (move.item_id, move.location_id)
        taken[key] = taken.get(key, ZERO) + move.quantity
    with connection.cursor() as cursor:
        for (item_id, location_id), quantity in sorted(taken.items()):
            if quantity >= 0:
                continue
            cursor.execute(_LOWEST_SINCE, [item_id, location_id, day])
            row = cursor.fetchone()
            lowest = None if row is None or row[0] is None else Decimal(str(row[0]))
            if lowest is not None and lowest + quantity < 0:
                item = Item.objects.filter(pk=item_id).values_list("code", flat=True).first()
                location = Location.objects.select_related("warehouse").get(pk=location_id)
                raise InsufficientStock(
                    _(
                        "%(item)s at %(location)s: dated %(day)s, this would leave %(short)s "
                        "less than later postings used; post it with today's date or after "
                        "them."
                    )
                    % {
                        "item": item,
                        "location": location,
                        "day": day.isoformat(),
                        "short": plain(-(lowest + quantity)),
                    },
                    field="posting_date",
                )


def _check_available(balance: StockBalance, move: Move) -> None:
    wanted = -move.quantity
    if move.consumes_reserved < 0 or move.consumes_reserved > min(balance.reserved, wanted):
        raise ValidationFailed(_("The reserved quantity to consume is not reserved here."))
    free = balance.on_hand - balance.reserved + move.consumes_reserved
    if wanted > free:
        item = Item.objects.filter(pk=move.item_id).values_list("code", flat=True).first()
        location = Location.objects.select_related("warehouse").filter(pk=move.location_id).first()
        raise InsufficientStock(
            _(
                "Not enough stock of %(item)s at %(location)s: %(free)s available "
                "(%(reserved)s reserved for others), %(wanted)s requested."
            )
            % {
                "item": item,
                "location": location,
                "free": plain(free),
                "reserved": plain(balance.reserved - move.consumes_reserved),
                "wanted": plain(wanted),
            },
            field="quantity",
        )


def reverse_source(
    *,
    source: Source,
    actor: Employee | None,
    kind: str = LedgerKind.REVERSAL,
    posting_date: datetime.date | None = None,
) -> None:
    """Post the opposite of every not yet reversed entry of ``source`` (a cancelled document).

    Stock that came in leaves at the cost it came in with; stock that went out comes back at
    the cost it left with. Refused when the stock that came in has already been used.
    """
    entries = list(
        StockLedgerEntry.objects.filter(
            source_type=source.type, source_id=source.id, reverses__isnull=True
        )
        .exclude(reversed_by__isnull=False)
        .order_by("id")
    )
    if not entries:
        raise ValidationFailed(_("There is nothing posted to reverse."))
    moves = [
        Move(
            item_id=e.item_id,
            location_id=e.location_id,
            quantity=-e.quantity,
            kind=kind,
            unit_cost=e.unit_cost,
            source_line=e.source_line,
            reverses_id=e.pk,
        )
        for e in entries
    ]
    post_moves(moves=moves, source=source, actor=actor, posting_date=posting_date)
