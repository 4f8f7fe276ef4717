"""Deliveries (SALES-2, SALES-3) and the customer's receipt (SALES-4).

A confirmed order hands a delivery notice to logistics (a task in their inbox); logistics ship
it — carrier, tracking number, time — which issues the stock at moving-average cost in the same
transaction, and record when it was delivered, which raises the receivable. The specialist
records the customer's confirmation of receipt or the problems reported; a return brings stock
back and reduces what is receivable.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, states
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import audit, inbox
from yunying.core.services.audit import object_type
from yunying.core.services.numbering import insert_numbered, next_number
from yunying.core.sql import Batch, remember, update_rows
from yunying.core.tx import transactional
from yunying.inventory.models import LedgerKind, StockLedgerEntry
from yunying.inventory.services import reservations, stock
from yunying.inventory.services.ledger import Move, Source, apply_moves, post_moves
from yunying.masterdata.models import Location

from ..models import (
    CustomerReturn,
    CustomerReturnLine,
    Delivery,
    DeliveryLine,
    ReceiptProblem,
    SalesOrder,
    SalesOrderLine,
)
from . import settlement

SHIP = "sales.ship"
MANAGE = "sales.manage_order"
SHIP_TASK = "sales.ship"
FOLLOW_TASK = "sales.follow_receipt"
PROBLEM_TASK = "sales.receipt_problem"
LATE_TASK = "sales.late_delivery"


def create_notice(
    *, order: SalesOrder, quantities: Mapping[SalesOrderLine, Decimal], actor: Employee
) -> Delivery:
    """A delivery notice for logistics (SALES-2); several notices make partial deliveries."""
    access.require_in_scope(actor, MANAGE, order)
    return notice_for(order=order, quantities=quantities, actor=actor)


@transactional
def notice_for(
    *, order: SalesOrder, quantities: Mapping[SalesOrderLine, Decimal], actor: Employee
) -> Delivery:
    """The notice itself, for callers that have checked the actor already."""
    if order.state not in SalesOrder.OPEN_STATES:
        raise InvalidTransition(_("Only a confirmed order is delivered."), clause="SALES-2")
    lines = list(
        SalesOrderLine.objects.select_for_update(no_key=True, of=("self",))
        .select_related("item")
        .filter(order=order)
        .order_by("pk")
    )
    by_pk = {ln.pk: ln for ln in lines}
    batch = Batch()
    delivery = queue_notice(
        order=order,
        lines=lines,
        quantities={by_pk[line.pk]: quantity for line, quantity in quantities.items()},
        actor=actor,
        batch=batch,
    )
    batch.update(
        SalesOrderLine, ["noticed_quantity"], [(ln.pk, ln.noticed_quantity) for ln in lines]
    )
    batch.send()
    return delivery


def queue_notice(
    *,
    order: SalesOrder,
    lines: list[SalesOrderLine],
    quantities: Mapping[SalesOrderLine, Decimal],
    actor: Employee,
    batch: Batch,
) -> Delivery:
    """Insert the notice (with its number and lines) for ``quantities`` of the order's locked
    ``lines``, raise their noticed quantities (written by the caller) and queue logistics'
    task on ``batch`` (SALES-2)."""
    rows = []
    for line, quantity in quantities.items():
        if quantity <= 0:
            continue
        left = line.quantity - line.noticed_quantity
        if quantity > left:
            raise ValidationFailed(
                _("%(item)s: only %(left)s is left to deliver.")
                % {"item": line.item.code, "left": plain(left)},
                field="quantity",
                clause="SALES-2",
            )
        line.noticed_quantity += quantity
        rows.append(DeliveryLine(order_line=line, item_id=line.item_id, quantity=quantity))
    if not rows:
        raise ValidationFailed(_("Give a quantity to deliver."), field="quantity")
    delivery = Delivery(department_id=order.department_id, created_by=actor, order=order)
    insert_numbered(delivery, lines=rows, parent="delivery")
    remember(delivery, "lines", rows)
    title = _("Ship %(delivery)s for %(customer)s (promised %(date)s)") % {
        "delivery": delivery.number,
        "customer": order.customer.name,
        "date": order.promised_date,
    }
    inbox.open_department_task(
        permission=SHIP,
        kind=SHIP_TASK,
        title=title,
        source=delivery,
        url=f"/sales/deliveries/{delivery.pk}/",
        clause="SALES-2",
        batch=batch,
    )
    audit.record(
        actor=actor,
        action="sales.delivery_notice",
        obj=delivery,
        changes={"order": order.number, "lines": [[r.item_id, r.quantity] for r in rows]},
        clause="SALES-2",
    )
    return delivery


def cancel_open_notices(order: SalesOrder, actor: Employee) -> None:
    for delivery in order.deliveries.select_for_update(no_key=True).filter(
        state=Delivery.State.NOTICE
    ):
        states.transition(delivery, "cancel")
        delivery.save(update_fields=["state", "updated_at"])
        inbox.close_tasks(kind=SHIP_TASK, source=delivery)


@transactional
def ship(
    *,
    delivery: Delivery,
    carrier: str,
    tracking_number: str,
    actor: Employee,
    shipped_at: datetime.datetime | None = None,
) -> Delivery:
    """Logistics ship the notice: the stock leaves in this transaction (SALES-3, INV-6)."""
    access.require(actor, SHIP)
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if not carrier:
        raise ValidationFailed(_("Name the carrier."), field="carrier", clause="SALES-3")
    if not tracking_number:
        raise ValidationFailed(
            _("Give the tracking number."), field="tracking_number", clause="SALES-3"
        )
    when = shipped_at or timezone.now()
    if when > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationFailed(_("The shipping time cannot be in the future."), field="shipped_at")
    # The notice, the order lines it ships and their items, locked in one statement (items in
    # primary-key order, as every stock writer).
    lines = list(
        DeliveryLine.objects.filter(delivery_id=delivery.pk)
        .select_related("delivery__order__customer", "order_line", "item")
        .select_for_update(no_key=True, of=("delivery", "order_line", "item"))
        .order_by("item_id", "pk")
    )
    if not lines:
        raise ValidationFailed(_("The notice has no lines."), field="lines")
    delivery = lines[0].delivery
    states.transition(delivery, "ship")
    order_type = object_type(SalesOrder)
    state = stock.load(
        {line.item_id for line in lines},
        reservations_of=(order_type, [line.order_line_id for line in lines]),
    )
    batch = Batch()
    moves: list[Move] = []
    for line in lines:
        moves += reservations.issue_moves(
            state=state,
            source_line=line.order_line_id,
            item_id=line.item_id,
            quantity=line.quantity,
            kind=LedgerKind.SHIPMENT,
            batch=batch,
        )
        line.order_line.shipped_quantity += line.quantity
    apply_moves(
        state,
        moves,
        source=Source.of(delivery),
        actor=actor,
        posting_date=timezone.localtime(when).date(),
        batch=batch,
    )
    state.write(batch)
    batch.update(
        SalesOrderLine,
        ["shipped_quantity"],
        [(ln.order_line.pk, ln.order_line.shipped_quantity) for ln in lines],
    )
    delivery.carrier, delivery.tracking_number = carrier, tracking_number
    delivery.shipped_at, delivery.shipped_by, delivery.updated_at = when, actor, timezone.now()
    batch.update(
        Delivery,
        ["state", "carrier", "tracking_number", "shipped_at", "shipped_by", "updated_at"],
        [
            (
                delivery.pk,
                delivery.state,
                carrier,
                tracking_number,
                when,
                actor.pk,
                delivery.updated_at,
            )
        ],
    )
    inbox.close_tasks(kind=SHIP_TASK, source=delivery, by=actor, batch=batch)
    batch.send()
    # What the caller shows needs no re-read: a notice has no problems or returns yet.
    remember(delivery, "lines", sorted(lines, key=lambda ln: ln.pk))
    remember(delivery, "problems", [])
    remember(delivery, "returns", [])
    audit.record(
        actor=actor,
        action="sales.ship",
        obj=delivery,
        changes={
            "carrier": carrier,
            "tracking_number": tracking_number,
            "lines": [[ln.item_id, ln.quantity] for ln in lines],
        },
        clause="SALES-3",
    )
    return delivery


@transactional
def mark_delivered(
    *, delivery: Delivery, actor: Employee, delivered_at: datetime.datetime | None = None
) -> Delivery:
    """Logistics report the goods arrived (SALES-3); the receivable is raised (SALES-5) and the
    specialist follows up the customer's receipt (SALES-4)."""
    access.require(actor, SHIP)
    when = delivered_at or timezone.now()
    if when > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationFailed(
            _("The delivery time cannot be in the future."), field="delivered_at"
        )
    delivery = (
        Delivery.objects.select_for_update(no_key=True)
        .select_related("order__customer")
        .get(pk=delivery.pk)
    )
    if delivery.shipped_at and when < delivery.shipped_at:
        raise ValidationFailed(_("Delivered before it was shipped?"), field="delivered_at")
    states.transition(delivery, "deliver")
    delivery.delivered_at = when
    delivery.save(update_fields=["state", "delivered_at", "updated_at"])
    order = SalesOrder.objects.select_for_update(no_key=True).get(pk=delivery.order_id)
    lines = list(delivery.lines.select_related("order_line"))
    order_lines = {
        ln.pk: ln
        for ln in SalesOrderLine.objects.select_for_update(no_key=True)
        .filter(order=order)
        .order_by("pk")
    }
    for line in lines:
        order_lines[line.order_line_id].delivered_quantity += line.quantity
    update_rows(
        SalesOrderLine,
        ["delivered_quantity"],
        [(ln.pk, ln.delivered_quantity) for ln in order_lines.values()],
    )
    settlement.raise_receivable(
        delivery=delivery, lines=lines, order_lines=order_lines, actor=actor
    )
    settlement.update_order_progress(order, list(order_lines.values()))
    inbox.close_tasks(kind=LATE_TASK, source=delivery)
    inbox.open_task(
        assignee=order.created_by,
        kind=FOLLOW_TASK,
        title=_("Confirm %(customer)s received %(delivery)s")
        % {"customer": order.customer.name, "delivery": delivery.number},
        source=delivery,
        url=f"/sales/deliveries/{delivery.pk}/",
        clause="SALES-4",
    )
    audit.record(
        actor=actor,
        action="sales.delivered",
        obj=delivery,
        changes={"delivered_at": when},
        clause="SALES-3",
    )
    return delivery


@transactional
def confirm_receipt(*, delivery: Delivery, actor: Employee, note: str = "") -> Delivery:
    """The customer confirmed the goods arrived in order (SALES-4)."""
    access.require_in_scope(actor, MANAGE, delivery.order)
    delivery = Delivery.objects.select_for_update(no_key=True).get(pk=delivery.pk)
    if delivery.state != Delivery.State.DELIVERED:
        raise InvalidTransition(
            _("Only a delivered delivery can be confirmed by the customer."), clause="SALES-4"
        )
    if delivery.receipt_confirmed_at is not None:
        return delivery
    delivery.receipt_confirmed_at, delivery.receipt_note = timezone.now(), note.strip()
    delivery.save(update_fields=["receipt_confirmed_at", "receipt_note", "updated_at"])
    inbox.close_tasks(kind=FOLLOW_TASK, source=delivery)
    audit.record(
        actor=actor,
        action="sales.receipt_confirmed",
        obj=delivery,
        changes={"note": note},
        clause="SALES-4",
    )
    return delivery


@transactional
def report_problem(
    *,
    delivery: Delivery,
    kind: str,
    description: str,
    actor: Employee,
    line: DeliveryLine | None = None,
    quantity: Decimal | None = None,
) -> ReceiptProblem:
    """The customer reports damaged, short or wrong goods (SALES-4)."""
    access.require_in_scope(actor, MANAGE, delivery.order)
    if kind not in ReceiptProblem.Kind.values:
        raise ValidationFailed(_("Choose the kind of problem."), field="kind")
    if not (description or "").strip():
        raise ValidationFailed(_("Describe the problem."), field="description")
    if line is not None and line.delivery_id != delivery.pk:
        raise ValidationFailed(_("The line belongs to another delivery."), field="line")
    if quantity is not None and (quantity <= 0 or (line is not None and quantity > line.quantity)):
        raise ValidationFailed(
            _("The quantity must be positive and within the delivery."), field="quantity"
        )
    delivery = Delivery.objects.select_for_update(no_key=True).get(pk=delivery.pk)
    if delivery.state != Delivery.State.DELIVERED:
        raise InvalidTransition(_("Problems are recorded on delivered goods."), clause="SALES-4")
    problem = ReceiptProblem.objects.create(
        delivery=delivery,
        delivery_line=line,
        kind=kind,
        quantity=quantity,
        description=description.strip(),
        reported_by=actor,
    )
    inbox.close_tasks(kind=FOLLOW_TASK, source=delivery)
    inbox.open_task(
        assignee=delivery.order.created_by,
        kind=PROBLEM_TASK,
        title=_("Resolve the receipt problem of %(delivery)s: %(kind)s")
        % {"delivery": delivery.number, "kind": problem.get_kind_display()},
        source=problem,
        url=f"/sales/deliveries/{delivery.pk}/",
        clause="SALES-4",
    )
    audit.record(
        actor=actor,
        action="sales.receipt_problem",
        obj=delivery,
        changes={"kind": kind, "quantity": quantity, "description": description},
        clause="SALES-4",
    )
    return problem


@transactional
def resolve_problem(*, problem: ReceiptProblem, resolution: str, actor: Employee) -> ReceiptProblem:
    access.require_in_scope(actor, MANAGE, problem.delivery.order)
    if not (resolution or "").strip():
        raise ValidationFailed(_("Say how the problem was resolved."), field="resolution")
    problem = ReceiptProblem.objects.select_for_update(no_key=True).get(pk=problem.pk)
    if problem.state == ReceiptProblem.State.RESOLVED:
        raise InvalidTransition(_("The problem is resolved already."))
    problem.state, problem.resolution, problem.resolved_at = (
        ReceiptProblem.State.RESOLVED,
        resolution.strip(),
        timezone.now(),
    )
    problem.save(update_fields=["state", "resolution", "resolved_at"])
    inbox.close_tasks(kind=PROBLEM_TASK, source=problem)
    audit.record(
        actor=actor,
        action="sales.resolve_problem",
        obj=problem.delivery,
        changes={"resolution": resolution},
        clause="SALES-4",
    )
    return problem


@transactional
def return_goods(
    *,
    delivery: Delivery,
    quantities: Mapping[DeliveryLine, Decimal],
    location: Location,
    reason: str,
    actor: Employee,
    problem: ReceiptProblem | None = None,
) -> CustomerReturn:
    """Goods come back: stock is posted to the returns location at the cost it left with, and
    the receivable of the delivery is reduced by their value (SALES-4)."""
    access.require_in_scope(actor, MANAGE, delivery.order)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for the return."), field="reason")
    if problem is not None and problem.delivery_id != delivery.pk:
        raise ValidationFailed(_("The problem belongs to another delivery."), field="problem")
    if not location.active:
        raise ValidationFailed(_("The location is not active."), field="location")
    if location.kind != Location.Kind.RETURNS:
        raise ValidationFailed(_("Returned goods go to a returns location."), field="location")
    delivery = Delivery.objects.select_for_update(no_key=True).get(pk=delivery.pk)
    if delivery.state != Delivery.State.DELIVERED:
        raise InvalidTransition(_("Only delivered goods are returned."), clause="SALES-4")
    lines = {
        ln.pk: ln
        for ln in DeliveryLine.objects.select_for_update(no_key=True, of=("self", "order_line"))
        .filter(delivery=delivery)
        .select_related("order_line", "item")
        .order_by("pk")
    }
    costs = _shipment_costs(delivery)
    rows, moves, credit = [], [], Decimal("0")
    for line, quantity in quantities.items():
        if quantity <= 0:
            continue
        locked = lines.get(line.pk)
        if locked is None:
            raise ValidationFailed(_("The line belongs to another delivery."), field="line")
        if quantity > locked.quantity - locked.returned_quantity:
            raise ValidationFailed(
                _("%(item)s: at most %(left)s can be returned.")
                % {
                    "item": locked.item.code,
                    "left": plain(locked.quantity - locked.returned_quantity),
                },
                field="quantity",
            )
        locked.returned_quantity += quantity
        locked.order_line.returned_quantity += quantity
        rows.append(
            CustomerReturnLine(delivery_line=locked, item_id=locked.item_id, quantity=quantity)
        )
        credit += (quantity * locked.order_line.unit_price).quantize(Decimal("0.01"))
    if not rows:
        raise ValidationFailed(_("Give a quantity to return."), field="quantity")
    customer_return = CustomerReturn.objects.create(
        number=next_number(CustomerReturn.NUMBER_PREFIX),
        department=delivery.order.department,
        created_by=actor,
        delivery=delivery,
        problem=problem,
        location=location,
        reason=reason.strip(),
    )
    for row in rows:
        row.customer_return = customer_return
    rows = CustomerReturnLine.objects.bulk_create(rows)
    for row in rows:
        moves.append(
            Move(
                row.item_id,
                location.pk,
                row.quantity,
                LedgerKind.RETURN,
                unit_cost=costs.get(row.delivery_line_id),
                source_line=row.pk,
            )
        )
    post_moves(moves=moves, source=Source.of(customer_return), actor=actor)
    update_rows(
        DeliveryLine,
        ["returned_quantity"],
        [(ln.pk, ln.returned_quantity) for ln in lines.values()],
    )
    update_rows(
        SalesOrderLine,
        ["returned_quantity"],
        [(ln.order_line.pk, ln.order_line.returned_quantity) for ln in lines.values()],
    )
    customer_return.credit_amount = settlement.credit_return(
        delivery=delivery, amount=credit, actor=actor
    )
    customer_return.save(update_fields=["credit_amount"])
    audit.record(
        actor=actor,
        action="sales.return",
        obj=customer_return,
        changes={
            "delivery": delivery.number,
            "lines": [[r.item_id, r.quantity] for r in rows],
            "credited": customer_return.credit_amount,
        },
        clause="SALES-4",
    )
    return customer_return


def _shipment_costs(delivery: Delivery) -> dict[int, Decimal]:
    """The unit cost each delivery line left the warehouse with (per order line)."""
    by_order_line: dict[int, Decimal] = {}
    for order_line, cost in StockLedgerEntry.objects.filter(
        source_type=object_type(Delivery), source_id=delivery.pk, kind=LedgerKind.SHIPMENT
    ).values_list("source_line", "unit_cost"):
        if order_line is not None:
            by_order_line[order_line] = cost
    return {
        line.pk: by_order_line[line.order_line_id]
        for line in delivery.lines.all()
        if line.order_line_id in by_order_line
    }
