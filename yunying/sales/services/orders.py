"""Sales orders (SALES-1, SALES-7): entered as draft, validated, confirmed by an ops specialist
with stock reserved (or backordered where the line allows it); an order that would take the
customer past its credit limit waits for the manager's approval; cancelling releases the
reservations."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.approvals import services as approvals
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import insert_numbered
from yunying.core.sql import Batch, remember
from yunying.core.tx import transactional
from yunying.inventory.services import reservations, stock
from yunying.inventory.services.ledger import Source
from yunying.masterdata.models import Customer, Item

from .. import hooks
from ..models import SalesOrder, SalesOrderLine
from . import credit

MANAGE = "sales.manage_order"
CENT = Decimal("0.01")
KEEP_PROMOTION = 0  # ``update_order``: leave the promotion the draft carries (no id is 0)


@dataclass(frozen=True)
class OrderLine:
    item: Item
    quantity: Decimal
    unit_price: Decimal
    allow_backorder: bool = False


def _validate(
    customer: Customer, promised_date: datetime.date | None, lines: Sequence[OrderLine]
) -> None:
    if not customer.active:
        raise ValidationFailed(
            _("%(customer)s is not active.") % {"customer": customer.name},
            field="customer",
            clause="SALES-1",
        )
    if promised_date is None:
        raise ValidationFailed(_("Give the promised delivery date."), field="promised_date")
    if promised_date < timezone.localdate():
        raise ValidationFailed(
            _("The promised date cannot be in the past."), field="promised_date", clause="SALES-1"
        )
    if not lines:
        raise ValidationFailed(_("An order needs at least one line."), field="lines")
    for number, line in enumerate(lines, start=1):
        if not line.item.active:
            raise ValidationFailed(
                _("Line %(n)s: %(item)s is not active.") % {"n": number, "item": line.item},
                field="item",
                clause="SALES-1",
            )
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.unit_price <= 0:
            raise ValidationFailed(
                _("Line %(n)s: give a price.") % {"n": number}, field="unit_price", clause="SALES-1"
            )


def _amount(lines: Sequence[OrderLine]) -> Decimal:
    return sum(((line.quantity * line.unit_price).quantize(CENT) for line in lines), Decimal("0"))


def _line_rows(lines: Sequence[OrderLine]) -> list[SalesOrderLine]:
    return [
        SalesOrderLine(
            item=line.item,
            quantity=line.quantity,
            unit_price=line.unit_price,
            allow_backorder=line.allow_backorder,
            amount=(line.quantity * line.unit_price).quantize(CENT),
        )
        for line in lines
    ]


@transactional
def create_order(
    *,
    customer: Customer,
    promised_date: datetime.date,
    lines: Sequence[OrderLine],
    actor: Employee,
    order_date: datetime.date | None = None,
    customer_reference: str = "",
    delivery_address: str = "",
    note: str = "",
    promotion_id: int | None = None,
) -> SalesOrder:
    """A draft order (SALES-1); nothing is reserved until it is confirmed. It may carry a
    promotion that runs on its date (MKT-2, the check is crm's)."""
    access.require_to_hold(actor, MANAGE, actor.department, actor)  # the order will be theirs
    _validate(customer, promised_date, lines)
    order_date = order_date or timezone.localdate()
    if promotion_id is not None:
        hooks.check_promotion(promotion_id, customer, order_date)
    order = SalesOrder(
        department=actor.department,
        created_by=actor,
        customer=customer,
        region_id=customer.region_id,
        order_date=order_date,
        promised_date=promised_date,
        customer_reference=customer_reference,
        delivery_address=delivery_address or customer.address,
        note=note,
        amount=_amount(lines),
        promotion_id=promotion_id,
    )
    rows = _line_rows(lines)
    insert_numbered(order, lines=rows, parent="order")
    remember(order, "lines", rows)  # the answer needs no re-read
    remember(order, "deliveries", [])
    audit.record(
        actor=actor,
        action="sales.create_order",
        obj=order,
        changes={
            "customer": customer.code,
            "amount": order.amount,
            "lines": [[ln.item.code, ln.quantity, ln.unit_price] for ln in lines],
            **({"promotion": promotion_id} if promotion_id is not None else {}),
        },
        clause="SALES-1",
    )
    return order


def _with_order(line: SalesOrderLine, order: SalesOrder) -> SalesOrderLine:
    line.order = order
    return line


def _editable(order: SalesOrder, actor: Employee) -> SalesOrder:
    access.require_in_scope(actor, MANAGE, order)
    locked = SalesOrder.objects.select_for_update(no_key=True).get(pk=order.pk)
    if locked.state not in SalesOrder.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(order)s is %(state)s and can no longer be changed.")
            % {"order": locked.number, "state": locked.get_state_display()}
        )
    return locked


def _audited(order: SalesOrder) -> dict[str, object]:
    return {
        "amount": order.amount,
        "promised_date": order.promised_date,
        "promotion": order.promotion_id,
    }


@transactional
def update_order(
    *,
    order: SalesOrder,
    promised_date: datetime.date,
    lines: Sequence[OrderLine],
    actor: Employee,
    customer_reference: str = "",
    delivery_address: str = "",
    note: str = "",
    promotion_id: int | None = KEEP_PROMOTION,
) -> SalesOrder:
    """Change a draft; ``promotion_id`` names the promotion it carries (``None`` for none),
    by default the one it carries stays (MKT-2)."""
    order = _editable(order, actor)
    _validate(order.customer, promised_date, lines)
    before = _audited(order)
    if promotion_id != KEEP_PROMOTION and promotion_id != order.promotion_id:
        if promotion_id is not None:
            hooks.check_promotion(promotion_id, order.customer, order.order_date)
        order.promotion_id = promotion_id
    order.promised_date, order.customer_reference = promised_date, customer_reference
    order.delivery_address, order.note, order.amount = (
        delivery_address or order.customer.address,
        note,
        _amount(lines),
    )
    order.save(
        update_fields=[
            "promised_date",
            "customer_reference",
            "delivery_address",
            "note",
            "amount",
            "promotion",
            "updated_at",
        ]
    )
    order.lines.all().delete()
    SalesOrderLine.objects.bulk_create([_with_order(row, order) for row in _line_rows(lines)])
    audit.record(
        actor=actor,
        action="sales.update_order",
        obj=order,
        changes=audit.diff(before, _audited(order)),
        clause="SALES-1",
    )
    return order


@transactional
def confirm_order(*, order: SalesOrder, actor: Employee) -> SalesOrder:
    """Confirm a draft: within the credit limit stock is reserved now; beyond it the order goes
    to the approval of the chain in force and is confirmed when approved (SALES-7)."""
    access.require_in_scope(actor, MANAGE, order)
    # The order, then its customer: one credit decision per customer at a time.
    order = (
        SalesOrder.objects.select_related("customer", "region", "created_by")
        .select_for_update(no_key=True, of=("self", "customer"))
        .get(pk=order.pk)
    )
    if order.state not in SalesOrder.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(order)s is %(state)s and can no longer be changed.")
            % {"order": order.number, "state": order.get_state_display()}
        )
    customer = order.customer
    # Its lines with their items locked (items in primary-key order, as every stock writer),
    # and the customer's exposure read under the customer's lock.
    lines = list(
        order.lines.select_related("item")
        .select_for_update(no_key=True, of=("self", "item"))
        .annotate(exposure=credit.exposure_expression(customer, excluding=order))
        .order_by("item_id", "pk")
    )
    _validate(
        customer,
        order.promised_date,
        [OrderLine(ln.item, ln.quantity, ln.unit_price) for ln in lines],
    )
    exposure = (getattr(lines[0], "exposure", None) or Decimal("0")).quantize(CENT)
    if exposure + order.amount > customer.credit_limit:
        states.transition(order, "submit")
        order.save(update_fields=["state", "updated_at"])
        audit.record(
            actor=actor,
            action="sales.credit_review",
            obj=order,
            changes={
                "credit_limit": customer.credit_limit,
                "exposure": exposure,
                "amount": order.amount,
            },
            clause="SALES-7",
        )
        approvals.submit(document=order, actor=actor)
        remember(order, "lines", sorted(lines, key=lambda ln: ln.pk))
        remember(order, "deliveries", [])
    else:
        states.transition(order, "confirm")
        _confirmed(order, actor, sorted(lines, key=lambda ln: ln.pk), items_locked=True)
    return order


def _confirmed(
    order: SalesOrder,
    actor: Employee,
    lines: list[SalesOrderLine] | None = None,
    *,
    items_locked: bool = False,
) -> None:
    """Reserve the stock and hand the delivery notice to logistics: the stock read in one
    statement under the item locks, the notice inserted with its number, and every other write
    sent together."""
    if lines is None:
        lines = list(order.lines.select_related("item").order_by("pk"))
    items = {line.item_id for line in lines}
    if not items_locked:
        stock.lock_items(items)
    state = stock.load(items)
    batch = Batch()
    reserved = reservations.reserve(
        state=state,
        demands=[
            reservations.Demand(line.pk, line.item_id, line.quantity, partial=line.allow_backorder)
            for line in lines
        ],
        source=Source.of(order),
        batch=batch,
    )
    state.write(batch)
    for line in lines:
        line.reserved_quantity = reserved.get(line.pk, Decimal("0"))
    ready = {line: line.reserved_quantity for line in lines if line.reserved_quantity > 0}
    notices = []
    if ready:
        from .deliveries.notices import queue_notice

        notices.append(
            queue_notice(order=order, lines=lines, quantities=ready, actor=actor, batch=batch)
        )
    batch.update(
        SalesOrderLine,
        ["reserved_quantity", "noticed_quantity"],
        [(line.pk, line.reserved_quantity, line.noticed_quantity) for line in lines],
    )
    order.confirmed_at, order.confirmed_by, order.updated_at = timezone.now(), actor, timezone.now()
    batch.update(
        SalesOrder,
        ["state", "confirmed_at", "confirmed_by", "updated_at"],
        [(order.pk, order.state, order.confirmed_at, actor.pk, order.updated_at)],
    )
    batch.send()
    remember(order, "lines", lines)  # the answer needs no re-read
    remember(order, "deliveries", notices)
    audit.record(
        actor=actor,
        action="sales.confirm_order",
        obj=order,
        changes={"reserved": {line.item.code: line.reserved_quantity for line in lines}},
        clause="SALES-1",
    )


@transactional
def cancel_order(*, order: SalesOrder, actor: Employee, reason: str) -> SalesOrder:
    """Cancel an order that nothing has been shipped of; its reservations are released."""
    access.require_in_scope(actor, MANAGE, order)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    order = SalesOrder.objects.select_for_update(no_key=True).get(pk=order.pk)
    # Its open notices next (a notice being shipped right now is waited for), and only then
    # the question whether anything was shipped.
    from .deliveries.notices import cancel_open_notices

    cancel_open_notices(order, actor)
    if order.lines.filter(shipped_quantity__gt=0).exists():
        raise InvalidTransition(
            _("Goods of this order were shipped: it cannot be cancelled."), clause="SALES-1"
        )
    states.transition(order, "cancel")
    order.save(update_fields=["state", "updated_at"])
    batch = Batch()
    released = reservations.release(
        source_type=Source.of(order).type,
        source_lines=list(order.lines.values_list("pk", flat=True)),
        batch=batch,
    )
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=order, by=actor, batch=batch)
    batch.send()
    audit.record(
        actor=actor,
        action="sales.cancel_order",
        obj=order,
        changes={"reason": reason, "released": released},
        clause="SALES-1",
    )
    return order


# Hooks of the approvals engine (credit override, SALES-7).


def on_approved(order: SalesOrder, request: object, actor: Employee) -> None:
    states.transition(order, "approve")
    _confirmed(order, order.created_by)


def on_rejected(order: SalesOrder, request: object, actor: Employee) -> None:
    states.transition(order, "reject")
    order.save(update_fields=["state", "updated_at"])


def on_returned(order: SalesOrder, request: object, actor: Employee) -> None:
    states.transition(order, "send_back")
    order.save(update_fields=["state", "updated_at"])


def on_withdrawn(order: SalesOrder, request: object, actor: Employee) -> None:
    states.transition(order, "withdraw")
    order.save(update_fields=["state", "updated_at"])
