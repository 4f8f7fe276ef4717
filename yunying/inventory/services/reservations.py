"""Reservations: stock set aside for confirmed sales order lines (the API sales uses).

Reserving, releasing and consuming work on the stock state read under the item locks
(``stock.lock_items`` then ``stock.load``), like postings do, so a reservation never exceeds
what is available, also under concurrent confirmations (INV-6). Their writes are queued on the
caller's batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.errors import InsufficientStock, ValidationFailed
from yunying.core.numbers import plain
from yunying.core.sql import Batch
from yunying.masterdata.models import Item, Location

from ..models import StockReservation
from . import alerts, stock
from .ledger import Move, Source
from .stock import StockState

ZERO = Decimal("0")
ACTIVE = StockReservation.State.ACTIVE


@dataclass(frozen=True)
class Demand:
    """A document line asking for stock: ``partial`` accepts less (the rest is backordered)."""

    source_line: int
    item_id: int
    quantity: Decimal
    partial: bool = False


def reserve(
    *, state: StockState, demands: Sequence[Demand], source: Source, batch: Batch
) -> dict[int, Decimal]:
    """Reserve stock for each demand across the sellable locations; return what each line got.

    A line that does not accept a partial reservation and cannot be covered refuses the whole
    call with the quantity available, so the document stays as it was.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("reserve() must run inside the document's transaction")
    reservations: list[StockReservation] = []
    result: dict[int, Decimal] = {}
    for demand in demands:
        if demand.quantity <= 0:
            raise ValidationFailed(_("A reserved quantity must be positive."), field="quantity")
        remaining = demand.quantity
        for balance in state.sellable(demand.item_id):
            take = min(remaining, balance.on_hand - balance.reserved)
            if take <= 0:
                continue
            balance.reserved += take
            state.changed(balance)
            remaining -= take
            reservations.append(
                StockReservation(
                    item_id=demand.item_id,
                    location_id=balance.location_id,
                    quantity=take,
                    source_type=source.type,
                    source_id=source.id,
                    source_number=source.number,
                    source_line=demand.source_line,
                )
            )
            if remaining == 0:
                break
        if remaining > 0 and not demand.partial:
            item = Item.objects.get(pk=demand.item_id)
            raise InsufficientStock(
                _("Not enough stock of %(item)s: %(available)s available, %(wanted)s ordered.")
                % {
                    "item": f"{item.code} {item.name}",
                    "available": plain(demand.quantity - remaining),
                    "wanted": plain(demand.quantity),
                },
                field="quantity",
            )
        result[demand.source_line] = demand.quantity - remaining
    batch.insert(reservations)
    alerts.evaluate(state, {d.item_id for d in demands}, batch)
    return result


def reserve_for(*, demands: Sequence[Demand], source: Source) -> dict[int, Decimal]:
    """:func:`reserve` on its own: lock the items, read their stock, reserve and write."""
    items = {d.item_id for d in demands}
    stock.lock_items(items)
    state = stock.load(items)
    batch = Batch()
    result = reserve(state=state, demands=demands, source=source, batch=batch)
    state.write(batch)
    batch.send()
    return result


def release(*, source_type: str, source_lines: Sequence[int], batch: Batch) -> Decimal:
    """Give back what is still reserved for these lines (a cancelled order). Returns the total."""
    item_ids = set(
        StockReservation.objects.filter(
            source_type=source_type, source_line__in=list(source_lines), state=ACTIVE
        ).values_list("item_id", flat=True)
    )
    if not item_ids:
        return ZERO
    stock.lock_items(item_ids)
    state = stock.load(item_ids, reservations_of=(source_type, list(source_lines)))
    now = timezone.now()
    total = ZERO
    for reservation in state.reservations:
        balance = state.balance(reservation.item_id, reservation.location_id)
        balance.reserved -= reservation.quantity
        state.changed(balance)
        total += reservation.quantity
    batch.update(
        StockReservation,
        ["state", "closed_at"],
        [(r.pk, StockReservation.State.RELEASED, now) for r in state.reservations],
    )
    alerts.evaluate(state, item_ids, batch)
    state.write(batch)
    return total


def issue_moves(
    *,
    state: StockState,
    source_line: int,
    item_id: int,
    quantity: Decimal,
    kind: str,
    batch: Batch,
) -> list[Move]:
    """The outgoing moves that ship ``quantity`` of a line: first from what is reserved for it
    (consuming the reservations loaded in ``state``), then from free stock at the sellable
    locations."""
    moves: list[Move] = []
    remaining = quantity
    now = timezone.now()
    consumed = []
    for reservation in state.reservations:
        if remaining == 0:
            break
        if reservation.source_line != source_line or reservation.quantity == 0:
            continue
        take = min(remaining, reservation.quantity)
        moves.append(
            Move(
                item_id,
                reservation.location_id,
                -take,
                kind,
                consumes_reserved=take,
                source_line=source_line,
            )
        )
        reservation.quantity -= take
        if reservation.quantity == 0:
            reservation.state, reservation.closed_at = StockReservation.State.CONSUMED, now
        consumed.append(reservation)
        remaining -= take
    batch.update(
        StockReservation,
        ["quantity", "state", "closed_at"],
        [(r.pk, r.quantity, r.state, r.closed_at) for r in consumed],
    )
    if remaining > 0:
        for balance in state.sellable(item_id):
            take = min(remaining, balance.on_hand - balance.reserved)
            if take <= 0:
                continue
            moves.append(Move(item_id, balance.location_id, -take, kind, source_line=source_line))
            remaining -= take
            if remaining == 0:
                break
    if remaining > 0:
        # apply_moves refuses it with the figures; a move on the first location carries it.
        location = Location.objects.filter(kind=Location.Kind.STORAGE).order_by("pk").first()
        if location is None:
            raise InsufficientStock(_("There is no stock location to ship from."))
        moves.append(Move(item_id, location.pk, -remaining, kind, source_line=source_line))
    return moves


def release_for_loss(
    *, state: StockState, item_id: int, location_id: int, loss: Decimal
) -> Decimal:
    """Stock that is found missing cannot stay reserved: release reservations at the location
    (newest first) so that on hand minus the loss still covers what remains reserved. Returns
    how much was released; the orders concerned ship the rest as a backorder. ``state`` is
    loaded under the item locks; the caller queues its balances."""
    balance = state.balances.get((item_id, location_id))
    if balance is None:
        return ZERO
    excess = balance.reserved - (balance.on_hand - loss)
    if excess <= 0:
        return ZERO
    now = timezone.localtime()
    released = ZERO
    changed = []
    for reservation in StockReservation.objects.filter(
        item_id=item_id, location_id=location_id, state=ACTIVE
    ).order_by("-pk"):
        take = min(excess - released, reservation.quantity)
        reservation.quantity -= take
        if reservation.quantity == 0:
            reservation.state, reservation.closed_at = StockReservation.State.RELEASED, now
        changed.append(reservation)
        released += take
        if released == excess:
            break
    StockReservation.objects.bulk_update(changed, ["quantity", "state", "closed_at"])
    balance.reserved -= released
    state.changed(balance)
    return released


def reserved_for(*, source_type: str, source_line: int) -> Decimal:
    return sum(
        (
            r.quantity
            for r in StockReservation.objects.filter(
                source_type=source_type, source_line=source_line, state=ACTIVE
            )
        ),
        ZERO,
    )
