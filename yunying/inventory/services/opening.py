"""Opening stock: the quantities and costs a company starts with (imported from Excel)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from yunying.core import access
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional

from ..models import LedgerKind
from .ledger import Move, Source, post_moves

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
) -> str:
    """Post opening balances as one document (number OB-…); returns its number."""
    if actor is not None:
        access.require(actor, IMPORT)
    day = posting_date or timezone.localdate()
    number = next_number("OB", on=day)
    source = Source("inventory.opening", int(number.rsplit("-", 1)[1]) + day.year * 100000, number)
    post_moves(
        moves=[
            Move(
                ln.item_id,
                ln.location_id,
                ln.quantity,
                LedgerKind.OPENING,
                unit_cost=ln.unit_cost,
            )
            for ln in lines
        ],
        source=source,
        actor=actor,
        posting_date=day,
    )
    audit.record(
        actor=actor,
        action="inventory.opening_stock",
        target_type="inventory.opening",
        target_id=number,
        target_repr=number,
        changes={
            "lines": len(lines),
            "quantity": sum((line.quantity for line in lines), Decimal("0")),
        },
        clause="INV-1",
    )
    return number
