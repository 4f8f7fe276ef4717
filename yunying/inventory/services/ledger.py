"""Posting to the stock ledger: the one writer of stock (INV-1, INV-6).

Every stock change goes through :func:`post_moves` inside the transaction of the document that
causes it. It locks the items (in primary-key order, so concurrent postings never deadlock),
then their balance rows, checks that nothing goes negative or eats into stock reserved for
others, appends the ledger rows and updates the balances — a constant number of statements
whatever the number of lines. Valuation is a moving average per item and location.
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

from yunying.core.errors import InsufficientStock, RuleViolation, ValidationFailed
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services.audit import object_type
from yunying.core.sql import update_rows
from yunying.masterdata.models import Item, Location

from ..models import LedgerKind, StockBalance, StockLedgerEntry, Stocktake

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


_CLOSED_OR_FROZEN = """
SELECT 'period', '' FROM inventory_stockperiod WHERE year = %s AND month = %s
UNION ALL
SELECT 'stocktake', s.number FROM inventory_stocktake s
  JOIN inventory_stocktake_locations l ON l.stocktake_id = s.id
 WHERE s.state IN ({states}) AND l.location_id IN ({locations}) AND s.id <> %s
"""


def check_posting_allowed(
    day: datetime.date, location_ids: Iterable[int], *, except_stocktake: int | None = None
) -> None:
    """Refuse a posting into a closed period (INV-1) or at a location being counted (INV-5);
    one query for both, as every posting asks."""
    locations = sorted(set(location_ids))
    states = sorted(Stocktake.FROZEN_STATES)
    sql = _CLOSED_OR_FROZEN.format(
        states=", ".join(["%s"] * len(states)), locations=", ".join(["%s"] * len(locations))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day.year, day.month, *states, *locations, except_stocktake or 0])
        found = cursor.fetchone()
    if found is None:
        return
    if found[0] == "period":
        raise RuleViolation(
            _("The stock period %(period)s is closed; post with a date in an open period.")
            % {"period": f"{day.year}-{day.month:02d}"},
            clause="INV-1",
            code="period_closed",
            field="posting_date",
        )
    raise RuleViolation(
        _("A location is being counted by %(stocktake)s; stock there is frozen until it is posted.")
        % {"stocktake": found[1]},
        clause="INV-5",
        code="location_frozen",
    )


def check_not_frozen(location_ids: Iterable[int], *, except_stocktake: int | None = None) -> None:
    locations = list(location_ids)
    frozen = Stocktake.objects.filter(state__in=Stocktake.FROZEN_STATES, locations__in=locations)
    if except_stocktake is not None:
        frozen = frozen.exclude(pk=except_stocktake)
    counting = frozen.first()
    if counting is not None:
        raise RuleViolation(
            _(
                "A location is being counted by %(stocktake)s; stock there is frozen until it is "
                "posted."
            )
            % {"stocktake": counting.number},
            clause="INV-5",
            code="location_frozen",
        )


def lock_locations(location_ids: Iterable[int], *, exclusive: bool) -> None:
    """Postings hold shared locks on their locations; starting a stocktake takes exclusive ones,
    so a count never starts half-way through a posting (PostgreSQL; SQLite has one writer)."""
    ids = sorted(set(location_ids))
    if connection.vendor != "postgresql" or not ids:
        return
    mode = "NO KEY UPDATE" if exclusive else "SHARE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM masterdata_location WHERE id = ANY(%s) ORDER BY id FOR {mode}",  # noqa: S608
            [ids],
        )


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


def lock_balances(
    keys: Iterable[tuple[int, int]], *, create: bool
) -> dict[tuple[int, int], StockBalance]:
    """The balance rows of ``keys`` (item id, location id), locked; missing ones are created
    (zero) when ``create``. Call after :func:`lock_items` for the same items."""
    keys = set(keys)
    if not keys:
        return {}
    # Rows of these items at these locations (a superset of the keys when several locations
    # are involved; the items are locked already, so the extra row locks cost nothing).
    rows = {
        (b.item_id, b.location_id): b
        for b in StockBalance.objects.select_for_update(no_key=True)
        .filter(item_id__in={k[0] for k in keys}, location_id__in={k[1] for k in keys})
        .order_by("pk")
    }
    missing = keys - rows.keys()
    if missing and create:
        created = StockBalance.objects.bulk_create(
            StockBalance(item_id=item_id, location_id=location_id)
            for item_id, location_id in sorted(missing)
        )
        for balance in created:
            rows[(balance.item_id, balance.location_id)] = balance
    return rows


def save_balances(balances: Iterable[StockBalance], fields: list[str]) -> None:
    update_rows(StockBalance, fields, [(b.pk, *(getattr(b, f) for f in fields)) for b in balances])


def post_moves(
    *,
    moves: Sequence[Move],
    source: Source,
    actor: Employee | None,
    posting_date: datetime.date | None = None,
    stocktake_id: int | None = None,
) -> list[StockLedgerEntry]:
    """Post ``moves`` for ``source`` in the caller's transaction; refuse the whole document if
    any line would take stock below zero or below what is reserved for others (INV-6)."""
    if not connection.in_atomic_block:
        raise RuntimeError("post_moves() must run inside the document's transaction")
    if not moves:
        raise ValidationFailed(_("Nothing to post: the document has no quantities."), field="lines")
    day = posting_date or timezone.localdate()
    locations = {m.location_id for m in moves}
    lock_locations(locations, exclusive=False)
    check_posting_allowed(day, locations, except_stocktake=stocktake_id)
    for move in moves:
        if move.quantity == 0:
            raise ValidationFailed(
                _("A movement needs a quantity other than zero."), field="quantity"
            )

    lock_items(m.item_id for m in moves)
    balances = lock_balances(
        {(m.item_id, m.location_id) for m in moves}, create=any(m.quantity > 0 for m in moves)
    )
    standard_costs: dict[int, Decimal] = {}
    now = timezone.now()
    entries: list[StockLedgerEntry] = []
    previous_cost = ZERO
    for move in moves:
        key = (move.item_id, move.location_id)
        balance = balances.get(key)
        if balance is None:
            balance = StockBalance(item_id=move.item_id, location_id=move.location_id)
            balances[key] = balance
        if move.quantity > 0:
            cost = previous_cost if move.cost_of_previous else move.unit_cost
            if cost is None:
                if balance.on_hand > 0:
                    cost = balance.value / balance.on_hand
                else:
                    if not standard_costs:
                        standard_costs.update(
                            Item.objects.filter(pk__in={m.item_id for m in moves}).values_list(
                                "pk", "standard_cost"
                            )
                        )
                    cost = standard_costs.get(move.item_id, ZERO)
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
    created = StockLedgerEntry.objects.bulk_create(entries)
    save_balances(balances.values(), ["on_hand", "reserved", "value"])
    from .alerts import evaluate_alerts

    evaluate_alerts({m.item_id for m in moves})
    return created


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
) -> list[StockLedgerEntry]:
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
    return post_moves(moves=moves, source=source, actor=actor, posting_date=posting_date)
