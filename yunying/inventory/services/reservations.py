"""Reservations: stock set aside for confirmed sales order lines (the API sales uses).

Reserving and releasing lock the item and its balance rows like postings do, so a reservation
never exceeds what is available, also under concurrent confirmations (INV-6).
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
from yunying.core.sql import update_rows
from yunying.masterdata.models import Item, Location

from ..models import StockBalance, StockReservation
from .alerts import SELLABLE, evaluate_alerts
from .ledger import Move, Source, lock_balances, lock_items, save_balances

ZERO = Decimal("0")


@dataclass(frozen=True)
class Demand:
    """A document line asking for stock: ``partial`` accepts less (the rest is backordered)."""

    source_line: int
    item_id: int
    quantity: Decimal
    partial: bool = False


def _sellable_balances(item_ids: set[int]) -> dict[int, list[StockBalance]]:
    ids = (
        StockBalance.objects.filter(item_id__in=item_ids, location__kind__in=SELLABLE)
        .order_by("pk")
        .values_list("item_id", "location_id")
    )
    locked = lock_balances(set(ids), create=False)
    by_item: dict[int, list[StockBalance]] = {}
    for balance in sorted(locked.values(), key=lambda b: (b.location_id, b.pk)):
        by_item.setdefault(balance.item_id, []).append(balance)
    return by_item


def reserve(*, demands: Sequence[Demand], source: Source) -> dict[int, Decimal]:
    """Reserve stock for each demand across the sellable locations; return what each line got.

    A line that does not accept a partial reservation and cannot be covered refuses the whole
    call with the quantity available, so the document stays as it was.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("reserve() must run inside the document's transaction")
    item_ids = {d.item_id for d in demands}
    lock_items(item_ids)
    by_item = _sellable_balances(item_ids)
    reservations: list[StockReservation] = []
    changed: dict[int, StockBalance] = {}
    result: dict[int, Decimal] = {}
    for demand in demands:
        if demand.quantity <= 0:
            raise ValidationFailed(_("A reserved quantity must be positive."), field="quantity")
        remaining = demand.quantity
        for balance in by_item.get(demand.item_id, []):
            take = min(remaining, balance.on_hand - balance.reserved)
            if take <= 0:
                continue
            balance.reserved += take
            changed[balance.pk] = balance
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
            available = demand.quantity - remaining
            raise InsufficientStock(
                _("Not enough stock of %(item)s: %(available)s available, %(wanted)s ordered.")
                % {
                    "item": f"{item.code} {item.name}",
                    "available": plain(available),
                    "wanted": plain(demand.quantity),
                },
                field="quantity",
            )
        result[demand.source_line] = demand.quantity - remaining
    StockReservation.objects.bulk_create(reservations)
    save_balances(changed.values(), ["reserved"])
    evaluate_alerts(item_ids)
    return result


def release(*, source_type: str, source_lines: Sequence[int]) -> Decimal:
    """Give back what is still reserved for these lines (a cancelled order). Returns the total."""
    active = list(
        StockReservation.objects.filter(
            source_type=source_type,
            source_line__in=list(source_lines),
            state=StockReservation.State.ACTIVE,
        )
    )
    if not active:
        return ZERO
    lock_items(r.item_id for r in active)
    balances = lock_balances({(r.item_id, r.location_id) for r in active}, create=False)
    now = timezone.now()
    total = ZERO
    for reservation in active:
        balance = balances[(reservation.item_id, reservation.location_id)]
        balance.reserved -= reservation.quantity
        total += reservation.quantity
        reservation.state = StockReservation.State.RELEASED
        reservation.closed_at = now
    update_rows(
        StockReservation, ["state", "closed_at"], [(r.pk, r.state, r.closed_at) for r in active]
    )
    save_balances(balances.values(), ["reserved"])
    evaluate_alerts({r.item_id for r in active})
    return total


def reserved_for(*, source_type: str, source_line: int) -> Decimal:
    return sum(
        (
            r.quantity
            for r in StockReservation.objects.filter(
                source_type=source_type,
                source_line=source_line,
                state=StockReservation.State.ACTIVE,
            )
        ),
        ZERO,
    )


def issue_moves(
    *, source_type: str, source_line: int, item_id: int, quantity: Decimal, kind: str
) -> list[Move]:
    """The outgoing moves that ship ``quantity`` of a line: first from what is reserved for it
    (consuming the reservations), then from free stock at the sellable locations."""
    moves: list[Move] = []
    remaining = quantity
    now = timezone.now()
    reservations = list(
        StockReservation.objects.select_for_update(no_key=True)
        .filter(
            source_type=source_type, source_line=source_line, state=StockReservation.State.ACTIVE
        )
        .order_by("pk")
    )
    for reservation in reservations:
        if remaining == 0:
            break
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
            reservation.state = StockReservation.State.CONSUMED
            reservation.closed_at = now
        remaining -= take
    update_rows(
        StockReservation,
        ["quantity", "state", "closed_at"],
        [(r.pk, r.quantity, r.state, r.closed_at) for r in reservations],
    )
    if remaining > 0:
        free = (
            StockBalance.objects.filter(item_id=item_id, location__kind__in=SELLABLE)
            .order_by("location_id")
            .values_list("location_id", "on_hand", "reserved")
        )
        for location_id, on_hand, reserved in free:
            take = min(remaining, on_hand - reserved)
            if take <= 0:
                continue
            moves.append(Move(item_id, location_id, -take, kind, source_line=source_line))
            remaining -= take
            if remaining == 0:
                break
    if remaining > 0:
        # post_moves refuses it with the figures; a move on the first sellable location carries it.
        location = Location.objects.filter(kind=Location.Kind.STORAGE).order_by("pk").first()
        if location is None:
            raise InsufficientStock(_("There is no stock location to ship from."))
        moves.append(Move(item_id, location.pk, -remaining, kind, source_line=source_line))
    return moves


def release_for_loss(*, item_id: int, location_id: int, loss: Decimal) -> Decimal:
    """Stock that is found missing cannot stay reserved: release reservations at the location
    (newest first) so that on hand minus the loss still covers what remains reserved. Returns
    how much was released; the orders concerned ship the rest as a backorder."""
    lock_items([item_id])
    balance = lock_balances({(item_id, location_id)}, create=False).get((item_id, location_id))
    if balance is None:
        return ZERO
    excess = balance.reserved - (balance.on_hand - loss)
    if excess <= 0:
        return ZERO
    now = timezone.localtime()
    released = ZERO
    changed = []
    for reservation in (
        StockReservation.objects.select_for_update(no_key=True)
        .filter(item_id=item_id, location_id=location_id, state=StockReservation.State.ACTIVE)
        .order_by("-pk")
    ):
        take = min(excess - released, reservation.quantity)
        reservation.quantity -= take
        if reservation.quantity == 0:
            reservation.state, reservation.closed_at = StockReservation.State.RELEASED, now
        changed.append(reservation)
        released += take
        if released == excess:
            break
    update_rows(
        StockReservation,
        ["quantity", "state", "closed_at"],
        [(r.pk, r.quantity, r.state, r.closed_at) for r in changed],
    )
    balance.reserved -= released
    save_balances([balance], ["reserved"])
    return released
