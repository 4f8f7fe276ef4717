"""Goods receipts with inspection (PROC-5, PROC-6): the specialist records, per contract line,
what arrived, what passed and what failed (with the reason). A delivery of more than the contract
line still owes (its quantity less what was accepted so far) is refused, however much of it would
be rejected; only the accepted quantity enters stock, in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, states
from yunying.core.errors import InvalidTransition, RuleViolation, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import audit, inbox
from yunying.core.services.audit import object_type
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.inventory.models import LedgerKind
from yunying.inventory.services.ledger import Move, Source, post_moves, reverse_source
from yunying.masterdata.models import Location

from ..models import ContractLine, GoodsReceipt, GoodsReceiptLine, PurchaseContract
from .contracts.tasks import close_delivery_tasks, reopen_delivery_tasks

RECEIVE = "procurement.receive_goods"
OVERDUE_TASK = "procurement.overdue_delivery"
SEND_BACK_TASK = "procurement.send_back_rejected"  # rejected goods go back to the supplier
COST_STEP = Decimal("0.0001")


@dataclass(frozen=True)
class Inspection:
    contract_line: ContractLine
    received: Decimal
    accepted: Decimal
    rejected: Decimal = Decimal("0")
    reason: str = ""


def _validate(inspections: Sequence[Inspection], contract: PurchaseContract) -> None:
    if not inspections:
        raise ValidationFailed(_("Record at least one line."), field="lines")
    seen = set()
    for number, row in enumerate(inspections, start=1):
        if row.contract_line.contract_id != contract.pk:
            raise ValidationFailed(
                _("Line %(n)s belongs to another contract.") % {"n": number}, field="contract_line"
            )
        if row.contract_line.pk in seen:
            raise ValidationFailed(
                _("Line %(n)s: each contract line appears once.") % {"n": number},
                field="contract_line",
            )
        seen.add(row.contract_line.pk)
        if row.received <= 0 or row.accepted < 0 or row.rejected < 0:
            raise ValidationFailed(
                _("Line %(n)s: the received quantity must be positive and none negative.")
                % {"n": number},
                field="received",
            )
        if row.accepted + row.rejected != row.received:
            raise ValidationFailed(
                _(
                    "Line %(n)s: accepted (%(a)s) and rejected (%(r)s) must add up to received "
                    "(%(q)s)."
                )
                % {
                    "n": number,
                    "a": plain(row.accepted),
                    "r": plain(row.rejected),
                    "q": plain(row.received),
                },
                field="accepted",
                clause="PROC-5",
            )
        if row.rejected > 0 and not row.reason.strip():
            raise ValidationFailed(
                _("Line %(n)s: give the reason for the rejected quantity.") % {"n": number},
                field="reason",
                clause="PROC-5",
            )


@transactional
def receive_goods(
    *,
    contract: PurchaseContract,
    location: Location,
    inspections: Sequence[Inspection],
    actor: Employee,
    received_on: datetime.date | None = None,
    note: str = "",
) -> GoodsReceipt:
    access.require(actor, RECEIVE)
    day = received_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(_("Goods cannot be received in the future."), field="received_on")
    if not location.active:
        raise ValidationFailed(_("The location is not active."), field="location")
    # The contract and all its lines, locked in one statement.
    locked = {
        line.pk: line
        for line in ContractLine.objects.select_for_update(no_key=True, of=("self", "contract"))
        .filter(contract_id=contract.pk)
        .select_related("contract", "item")
        .order_by("pk")
    }
    if not locked:
        raise ValidationFailed(_("The contract has no lines."), field="contract")
    contract = next(iter(locked.values())).contract
    if contract.state not in PurchaseContract.OPEN_STATES:
        raise InvalidTransition(
            _("%(contract)s is %(state)s: nothing can be received on it.")
            % {"contract": contract.number, "state": contract.get_state_display()},
            clause="PROC-5",
        )
    _validate(inspections, contract)
    for number, row in enumerate(inspections, start=1):
        line = locked[row.contract_line.pk]
        # PROC-5: a delivery beyond the contract is refused at the door. The cap is on what
        # arrives, not on what passes inspection: rejected goods were still delivered.
        if row.received > line.open_quantity:
            raise RuleViolation(
                _(
                    "Line %(n)s: %(item)s — the contract still owes %(open)s; a delivery of "
                    "%(received)s goes beyond it and is refused."
                )
                % {
                    "n": number,
                    "item": line.item.code,
                    "open": plain(line.open_quantity),
                    "received": plain(row.received),
                },
                clause="PROC-5",
                code="beyond_contract",
                field="received",
            )
    receipt = GoodsReceipt.objects.create(
        number=next_number(GoodsReceipt.NUMBER_PREFIX, on=day),
        department=actor.department,
        created_by=actor,
        contract=contract,
        location=location,
        received_on=day,
        note=note,
    )
    rows = []
    for row in inspections:
        line = locked[row.contract_line.pk]
        rows.append(
            GoodsReceiptLine(
                receipt=receipt,
                contract_line=line,
                item_id=line.item_id,
                received_quantity=row.received,
                accepted_quantity=row.accepted,
                rejected_quantity=row.rejected,
                reject_reason=row.reason.strip(),
                unit_cost=(line.unit_price * contract.exchange_rate).quantize(COST_STEP),
                return_state=GoodsReceiptLine.ReturnState.PENDING if row.rejected else "",
            )
        )
        line.received_quantity += row.received
        line.accepted_quantity += row.accepted
        line.rejected_quantity += row.rejected
    rows = GoodsReceiptLine.objects.bulk_create(rows)
    received = {r.contract_line_id for r in rows}
    _save_quantities(line for line in locked.values() if line.pk in received)
    moves = [
        Move(
            r.item_id,
            location.pk,
            r.accepted_quantity,
            LedgerKind.RECEIPT,
            unit_cost=r.unit_cost,
            source_line=r.pk,
        )
        for r in rows
        if r.accepted_quantity > 0
    ]
    if moves:  # PROC-6: only what passed inspection enters stock, in this transaction
        post_moves(moves=moves, source=Source.of(receipt), actor=actor, posting_date=day)
    update_contract_state(contract, list(locked.values()), by=actor)
    inbox.close_tasks(
        kind=OVERDUE_TASK,
        source_type=object_type(ContractLine),
        source_ids=[line.pk for line in locked.values() if line.open_quantity <= 0],
    )
    if any(r.rejected_quantity > 0 for r in rows):
        inbox.open_task(
            assignee=actor,
            kind=SEND_BACK_TASK,
            title=Message(
                gettext_lazy("Send the rejected goods of %(receipt)s back to %(supplier)s"),
                receipt=receipt.number,
                supplier=contract.supplier.name,
            ),
            source=receipt,
            url=f"/procurement/receipts/{receipt.pk}/",
            clause="PROC-5",
        )
    audit.record(
        actor=actor,
        action="procurement.receive_goods",
        obj=receipt,
        changes={
            "contract": contract.number,
            "lines": [
                [r.item_id, r.received_quantity, r.accepted_quantity, r.rejected_quantity]
                for r in rows
            ],
        },
        clause="PROC-6",
    )
    return receipt


def _save_quantities(lines: Iterable[ContractLine]) -> None:
    update_rows(
        ContractLine,
        ["received_quantity", "accepted_quantity", "rejected_quantity"],
        [(ln.pk, ln.received_quantity, ln.accepted_quantity, ln.rejected_quantity) for ln in lines],
    )


def update_contract_state(
    contract: PurchaseContract, lines: list[ContractLine], *, by: Employee | None = None
) -> None:
    """Signed → partly received → received in full, and back when a receipt is cancelled;
    received in full closes the tasks of its delivery (``by``: who received the last goods)."""
    if all(line.open_quantity <= 0 for line in lines):
        target, verb = PurchaseContract.State.RECEIVED, "receive_all"
    elif any(line.received_quantity > 0 for line in lines):
        target, verb = PurchaseContract.State.PARTIAL, "receive_part"
    else:
        target, verb = PurchaseContract.State.SIGNED, "unreceive"
    if contract.state == target:
        return
    states.transition(contract, verb)
    contract.save(update_fields=["state", "updated_at"])
    if target == PurchaseContract.State.RECEIVED:
        close_delivery_tasks(contract, by=by)


@transactional
def cancel_receipt(*, receipt: GoodsReceipt, actor: Employee, reason: str) -> GoodsReceipt:
    """Cancelling a posted receipt posts the reversal of its stock and reopens the contract."""
    access.require(actor, RECEIVE)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    receipt = GoodsReceipt.objects.select_for_update(no_key=True).get(pk=receipt.pk)
    contract = PurchaseContract.objects.select_for_update(no_key=True).get(pk=receipt.contract_id)
    states.transition(receipt, "cancel")
    inbox.close_tasks(kind=SEND_BACK_TASK, source=receipt, by=actor)
    if receipt.supplier_returns.filter(state="posted").exists():
        raise InvalidTransition(
            _("Goods of %(receipt)s went back to the supplier: cancel those returns first.")
            % {"receipt": receipt.number},
            clause="PROC-5",
        )
    lines = list(receipt.lines.all())
    locked = {
        line.pk: line
        for line in ContractLine.objects.select_for_update(no_key=True)
        .filter(contract=contract)
        .order_by("pk")
    }
    for row in lines:
        line = locked[row.contract_line_id]
        line.received_quantity -= row.received_quantity
        line.accepted_quantity -= row.accepted_quantity
        line.rejected_quantity -= row.rejected_quantity
    _save_quantities(locked.values())
    if any(row.accepted_quantity > 0 for row in lines):
        reverse_source(source=Source.of(receipt), actor=actor)
    receipt.save(update_fields=["state", "updated_at"])
    if contract.state in ("partial", "received"):
        update_contract_state(contract, list(locked.values()))
    reopen_delivery_tasks(contract)
    audit.record(
        actor=actor,
        action="procurement.cancel_receipt",
        obj=receipt,
        changes={"reason": reason},
        clause="PROC-6",
    )
    return receipt


@transactional
def mark_returned(*, line: GoodsReceiptLine, actor: Employee) -> GoodsReceiptLine:
    """The rejected quantity went back to the supplier."""
    access.require(actor, RECEIVE)
    line = (
        GoodsReceiptLine.objects.select_for_update(no_key=True, of=("self",))
        .select_related("receipt")
        .get(pk=line.pk)
    )
    if line.receipt.state != GoodsReceipt.State.POSTED:
        raise InvalidTransition(_("The receipt was cancelled."))
    if line.return_state != GoodsReceiptLine.ReturnState.PENDING:
        raise InvalidTransition(_("Nothing on this line waits to be returned."))
    line.return_state = GoodsReceiptLine.ReturnState.RETURNED
    line.save(update_fields=["return_state"])
    pending = GoodsReceiptLine.ReturnState.PENDING
    if not line.receipt.lines.filter(return_state=pending).exists():
        inbox.close_tasks(kind=SEND_BACK_TASK, source=line.receipt, by=actor)
    audit.record(
        actor=actor,
        action="procurement.return_to_supplier",
        obj=line.receipt,
        changes={"item": line.item_id, "quantity": line.rejected_quantity},
        clause="PROC-5",
    )
    return line
