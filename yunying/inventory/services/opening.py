"""Opening stock (INV-1): the quantities and costs a company starts with, or goods taken in
without a purchase contract — one document posted through the ledger, from the API, a page or
the Excel import; cancelling posts the reversal, refused once the goods were used (INV-6)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, states
from yunying.core.errors import InsufficientStock, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional

from ..models import LedgerKind, OpeningStock, OpeningStockLine
from .ledger import Move, Source, post_moves, reverse_source

IMPORT = "inventory.import_opening"


@dataclass(frozen=True)
class OpeningLine:
    item_id: int
    location_id: int
    quantity: Decimal
    unit_cost: Decimal


@transactional
def post_opening_stock(
    *,
    lines: Sequence[OpeningLine],
    actor: Employee | None,
    posting_date: datetime.date | None = None,
    note: str = "",
) -> OpeningStock:
    """Post opening balances as one document (number OB-…), in through the ledger (INV-1)."""
    if actor is not None:
        access.require(actor, IMPORT)
    _validate(lines)
    day = posting_date or timezone.localdate()
    owner = actor or _system()
    opening = OpeningStock.objects.create(
        number=next_number(OpeningStock.NUMBER_PREFIX, on=day),
        department=owner.department,
        created_by=owner,
        posting_date=day,
        note=note,
        posted_at=timezone.now(),
    )
    rows = _post_lines(opening, lines, actor)
    audit.record(
        actor=actor,
        action="inventory.opening_stock",
        obj=opening,
        changes={
            "lines": [[r.item_id, r.location_id, r.quantity, r.unit_cost] for r in rows],
            "quantity": sum((line.quantity for line in lines), Decimal("0")),
        },
        clause="INV-1",
    )
    return opening


def _post_lines(
    opening: OpeningStock, lines: Sequence[OpeningLine], actor: Employee | None
) -> list[OpeningStockLine]:
    """The document's lines, posted into stock at their unit costs."""
    rows = OpeningStockLine.objects.bulk_create(
        OpeningStockLine(
            opening=opening,
            item_id=line.item_id,
            location_id=line.location_id,
            quantity=line.quantity,
            unit_cost=line.unit_cost,
        )
        for line in lines
    )
    moves = [
        Move(
            row.item_id,
            row.location_id,
            row.quantity,
            LedgerKind.OPENING,
            unit_cost=row.unit_cost,
            source_line=row.pk,
        )
        for row in rows
    ]
    post_moves(
        moves=moves, source=Source.of(opening), actor=actor, posting_date=opening.posting_date
    )
    return rows


def _validate(lines: Sequence[OpeningLine]) -> None:
    if not lines:
        raise ValidationFailed(_("Add at least one line."), field="lines")
    seen: set[tuple[int, int]] = set()
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.unit_cost < 0:
            raise ValidationFailed(
                _("Line %(n)s: the unit cost cannot be negative.") % {"n": number},
                field="unit_cost",
            )
        if (line.item_id, line.location_id) in seen:
            raise ValidationFailed(
                _("Line %(n)s: the item appears at that location already.") % {"n": number},
                field="lines",
            )
        seen.add((line.item_id, line.location_id))


def _system() -> Employee:
    """The employee a document set up without an actor (a new company) is created by: the
    first active one."""
    employee = Employee.objects.filter(active=True).order_by("pk").first()
    if employee is None:
        raise ValidationFailed(_("Set up the organisation before the opening stock."))
    return employee


@transactional
def cancel_opening_stock(*, opening: OpeningStock, actor: Employee) -> OpeningStock:
    """Cancelling posts the reversal: the goods leave again at the cost they came in with.
    Refused once they were used or reserved since (INV-6), naming the item and location."""
    access.require(actor, IMPORT)
    opening = OpeningStock.objects.select_for_update(no_key=True).get(pk=opening.pk)
    states.transition(opening, "cancel")
    try:
        reverse_source(source=Source.of(opening), actor=actor)
    except InsufficientStock as error:
        raise InsufficientStock(
            _("%(number)s cannot be cancelled: its goods were used since. %(detail)s")
            % {"number": opening.number, "detail": error.message},
            clause="INV-6",
        ) from error
    opening.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="inventory.cancel_opening_stock", obj=opening, clause="INV-6")
    return opening
