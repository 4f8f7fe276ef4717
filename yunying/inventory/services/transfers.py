"""Stock transfers between locations (INV-6: never more than is available at the source)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, states
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata.models import Item, Location

from ..models import LedgerKind, StockTransfer, StockTransferLine
from .ledger import Move, Source, post_moves, reverse_source

MOVE = "inventory.move_stock"


@dataclass(frozen=True)
class TransferLine:
    item: Item
    from_location: Location
    to_location: Location
    quantity: Decimal


@transactional
def transfer_stock(
    *,
    lines: Sequence[TransferLine],
    actor: Employee,
    posting_date: datetime.date | None = None,
    note: str = "",
) -> StockTransfer:
    """Create and post a transfer in one transaction."""
    access.require(actor, MOVE)
    if not lines:
        raise ValidationFailed(_("Add at least one line."), field="lines")
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.from_location == line.to_location:
            raise ValidationFailed(
                _("Line %(n)s: choose two different locations.") % {"n": number},
                field="to_location",
            )
    day = posting_date or timezone.localdate()
    transfer = StockTransfer.objects.create(
        number=next_number(StockTransfer.NUMBER_PREFIX, on=day),
        department=actor.department,
        created_by=actor,
        posting_date=day,
        note=note,
    )
    rows = StockTransferLine.objects.bulk_create(
        StockTransferLine(
            transfer=transfer,
            item=line.item,
            from_location=line.from_location,
            to_location=line.to_location,
            quantity=line.quantity,
        )
        for line in lines
    )
    moves: list[Move] = []
    for row in rows:
        moves.append(
            Move(
                row.item_id,
                row.from_location_id,
                -row.quantity,
                LedgerKind.TRANSFER_OUT,
                source_line=row.pk,
            )
        )
        moves.append(
            Move(
                row.item_id,
                row.to_location_id,
                row.quantity,
                LedgerKind.TRANSFER_IN,
                source_line=row.pk,
                cost_of_previous=True,
            )
        )
    post_moves(moves=moves, source=Source.of(transfer), actor=actor, posting_date=day)
    states.transition(transfer, "post")
    transfer.posted_at = timezone.now()
    transfer.save(update_fields=["state", "posted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.transfer",
        obj=transfer,
        changes={
            "lines": [[r.item_id, r.from_location_id, r.to_location_id, r.quantity] for r in rows]
        },
        clause="INV-1",
    )
    return transfer


@transactional
def cancel_transfer(*, transfer: StockTransfer, actor: Employee) -> StockTransfer:
    """Cancelling a posted transfer posts its reversal."""
    access.require(actor, MOVE)
    transfer = StockTransfer.objects.select_for_update(no_key=True).get(pk=transfer.pk)
    was_posted = transfer.state == StockTransfer.State.POSTED
    states.transition(transfer, "cancel")
    if was_posted:
        reverse_source(source=Source.of(transfer), actor=actor)
    transfer.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="inventory.cancel_transfer", obj=transfer, clause="INV-1")
    return transfer
