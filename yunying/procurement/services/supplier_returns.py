"""Returns to the supplier (PROC-5): accepted goods of a posted receipt go back.

A return is posted when it is made. The stock leaves the location the receipt put it in, at
the unit cost the receipt posted it in (INV-6: refused when the goods are no longer there), and
each contract line counts the quantity as returned instead of accepted: the contract owes it
again (its open quantity grows, a contract received in full is partly received again) and what
is payable for the line — accepted × unit price — falls by its value. At most what was accepted
on a receipt line and not yet returned can go back (PROC-5). Cancelling a return posts the
reversal of its stock and counts the goods accepted again.

Locks, in the documented order: the receipt, its lines, the contract and its lines (the
documents the return leads to), the items, the location (shared), the number, the audit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, states
from yunying.core.errors import (
    InsufficientStock,
    InvalidTransition,
    RuleViolation,
    ValidationFailed,
)
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.inventory.models import LedgerKind
from yunying.inventory.services.ledger import Move, Source, lock_items, post_moves, reverse_source
from yunying.inventory.services.stock import check_posting

from ..models import (
    ContractLine,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
    SupplierReturn,
    SupplierReturnLine,
)
from .contracts.tasks import close_delivery_tasks, reopen_delivery_tasks
from .receipts import RECEIVE, update_contract_state

ZERO = Decimal("0")


def _returned_on(receipt: GoodsReceipt, returned_on: datetime.date | None) -> datetime.date:
    day = returned_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(_("Goods cannot be returned in the future."), field="returned_on")
    if day < receipt.received_on:
        raise ValidationFailed(
            _("Goods cannot go back before they were received (%(day)s).")
            % {"day": receipt.received_on.isoformat()},
            field="returned_on",
        )
    return day


def _lock_receipt(receipt: GoodsReceipt) -> tuple[GoodsReceipt, dict[int, GoodsReceiptLine]]:
    """The receipt, then its lines, locked; a cancelled receipt returns nothing."""
    receipt = (
        GoodsReceipt.objects.select_for_update(no_key=True, of=("self",))
        .select_related("location__warehouse")
        .get(pk=receipt.pk)
    )
    if receipt.state != GoodsReceipt.State.POSTED:
        raise InvalidTransition(
            _("%(receipt)s was cancelled: nothing on it can be returned.")
            % {"receipt": receipt.number},
            clause="PROC-5",
        )
    lines = {
        line.pk: line
        for line in GoodsReceiptLine.objects.select_for_update(no_key=True, of=("self",))
        .filter(receipt_id=receipt.pk)
        .select_related("item")
        .order_by("pk")
    }
    return receipt, lines


def _lock_contract(contract_id: int) -> tuple[PurchaseContract, dict[int, ContractLine]]:
    """The contract and all its lines, locked in one statement."""
    locked = {
        line.pk: line
        for line in ContractLine.objects.select_for_update(no_key=True, of=("self", "contract"))
        .filter(contract_id=contract_id)
        .select_related("contract__supplier")
        .order_by("pk")
    }
    return next(iter(locked.values())).contract, locked


def _return_rows(
    quantities: Mapping[GoodsReceiptLine, Decimal], lines: dict[int, GoodsReceiptLine]
) -> list[SupplierReturnLine]:
    """The return's lines, counted returned on the locked receipt lines (PROC-5: at most what
    was accepted and not returned yet)."""
    rows = []
    for line, quantity in quantities.items():
        if quantity < 0:
            raise ValidationFailed(_("A returned quantity cannot be negative."), field="quantity")
        if quantity == 0:
            continue
        locked = lines.get(line.pk)
        if locked is None:
            raise ValidationFailed(_("The line belongs to another receipt."), field="line")
        left = locked.accepted_quantity - locked.returned_quantity
        if quantity > left:
            raise RuleViolation(
                _(
                    "%(item)s: %(left)s of what this receipt accepted can still go back to the "
                    "supplier; %(quantity)s is more."
                )
                % {"item": locked.item.code, "left": plain(left), "quantity": plain(quantity)},
                clause="PROC-5",
                code="beyond_returnable",
                field="quantity",
            )
        locked.returned_quantity += quantity
        rows.append(
            SupplierReturnLine(
                receipt_line=locked,
                item_id=locked.item_id,
                quantity=quantity,
                unit_cost=locked.unit_cost,
            )
        )
    if not rows:
        raise ValidationFailed(_("Give a quantity to return."), field="quantity")
    return rows


def _count_on_contract(
    rows: Iterable[SupplierReturnLine],
    receipt_lines: dict[int, GoodsReceiptLine],
    contract_lines: dict[int, ContractLine],
    *,
    sign: int,
) -> None:
    """Move the quantities between accepted and returned on the contract lines: ``sign`` 1 for
    a return, -1 for its cancellation (refused when a replacement has been accepted since)."""
    for row in rows:
        line = contract_lines[receipt_lines[row.receipt_line_id].contract_line_id]
        line.accepted_quantity -= sign * row.quantity
        line.returned_quantity += sign * row.quantity
        if line.accepted_quantity > line.quantity:
            raise RuleViolation(
                _(
                    "%(item)s: the supplier has delivered the replacement already; cancelling "
                    "the return would accept more than the contract."
                )
                % {"item": receipt_lines[row.receipt_line_id].item.code},
                clause="PROC-5",
                code="beyond_contract",
            )
    update_rows(
        ContractLine,
        ["accepted_quantity", "returned_quantity"],
        [(ln.pk, ln.accepted_quantity, ln.returned_quantity) for ln in contract_lines.values()],
    )
    update_rows(
        GoodsReceiptLine,
        ["returned_quantity"],
        [(ln.pk, ln.returned_quantity) for ln in receipt_lines.values()],
    )


def _post_stock(
    supplier_return: SupplierReturn,
    rows: list[SupplierReturnLine],
    *,
    location_id: int,
    actor: Employee,
) -> None:
    """The goods leave the receiving location at the receipt's cost (INV-6)."""
    moves = [
        Move(
            row.item_id,
            location_id,
            -row.quantity,
            LedgerKind.REVERSAL,
            unit_cost=row.unit_cost,
            source_line=row.pk,
        )
        for row in rows
    ]
    try:
        post_moves(
            moves=moves,
            source=Source.of(supplier_return),
            actor=actor,
            posting_date=supplier_return.returned_on,
        )
    except InsufficientStock as error:
        raise InsufficientStock(
            _(
                "The goods are no longer where the receipt put them, so they cannot go back "
                "to the supplier from there: %(detail)s"
            )
            % {"detail": error.message},
            field="quantity",
        ) from error


def _follow_again(contract: PurchaseContract) -> None:
    """The contract owes goods again: its follower follows the delivery and the warehouse
    receives it (PROC-4)."""
    reopen_delivery_tasks(contract)


@transactional
def return_to_supplier(
    *,
    receipt: GoodsReceipt,
    quantities: Mapping[GoodsReceiptLine, Decimal],
    reason: str,
    actor: Employee,
    returned_on: datetime.date | None = None,
) -> SupplierReturn:
    """Accepted goods of ``receipt`` go back to the supplier (PROC-5): the stock leaves at the
    receipt's cost and the contract owes the quantity again."""
    access.require(actor, RECEIVE)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for the return."), field="reason")
    receipt, receipt_lines = _lock_receipt(receipt)
    day = _returned_on(receipt, returned_on)
    contract, contract_lines = _lock_contract(receipt.contract_id)
    rows = _return_rows(quantities, receipt_lines)
    _count_on_contract(rows, receipt_lines, contract_lines, sign=1)
    lock_items({row.item_id for row in rows})
    check_posting(day, {receipt.location_id})
    supplier_return = SupplierReturn.objects.create(
        number=next_number(SupplierReturn.NUMBER_PREFIX, on=day),
        department=actor.department,
        created_by=actor,
        receipt=receipt,
        returned_on=day,
        reason=reason.strip(),
    )
    for row in rows:
        row.supplier_return = supplier_return
    rows = SupplierReturnLine.objects.bulk_create(rows)
    _post_stock(supplier_return, rows, location_id=receipt.location_id, actor=actor)
    update_contract_state(contract, list(contract_lines.values()))
    _follow_again(contract)
    audit.record(
        actor=actor,
        action="procurement.supplier_return",
        obj=supplier_return,
        changes={
            "receipt": receipt.number,
            "contract": contract.number,
            "reason": supplier_return.reason,
            "lines": [[r.item_id, r.quantity, r.unit_cost] for r in rows],
        },
        clause="PROC-5",
    )
    return supplier_return


@transactional
def cancel_supplier_return(
    *, supplier_return: SupplierReturn, reason: str, actor: Employee
) -> SupplierReturn:
    """Cancel a posted return: the goods come back into stock at the cost they left with and
    count as accepted on the contract again."""
    access.require(actor, RECEIVE)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    supplier_return = SupplierReturn.objects.select_for_update(no_key=True).get(
        pk=supplier_return.pk
    )
    states.transition(supplier_return, "cancel")
    rows = list(supplier_return.lines.order_by("pk"))
    receipt, receipt_lines = _lock_receipt(supplier_return.receipt)
    contract, contract_lines = _lock_contract(receipt.contract_id)
    for row in rows:
        receipt_lines[row.receipt_line_id].returned_quantity -= row.quantity
    _count_on_contract(rows, receipt_lines, contract_lines, sign=-1)
    reverse_source(source=Source.of(supplier_return), actor=actor)
    supplier_return.cancel_reason = reason.strip()
    supplier_return.save(update_fields=["state", "cancel_reason", "updated_at"])
    update_contract_state(contract, list(contract_lines.values()))
    if contract.state == PurchaseContract.State.RECEIVED:
        close_delivery_tasks(contract, by=actor)
    audit.record(
        actor=actor,
        action="procurement.cancel_supplier_return",
        obj=supplier_return,
        changes={"receipt": receipt.number, "reason": supplier_return.cancel_reason},
        clause="PROC-5",
    )
    return supplier_return


def returnable(line: GoodsReceiptLine) -> Decimal:
    """What of the line's accepted quantity can still go back to the supplier."""
    return max(line.accepted_quantity - line.returned_quantity, ZERO)
