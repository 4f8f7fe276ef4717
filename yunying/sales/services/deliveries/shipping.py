"""Shipping and the arrival (SALES-3): logistics ship a notice — carrier, tracking number,
time — and the stock leaves at moving-average cost in the same transaction (INV-6); when the
goods arrive the receivable is raised (SALES-5) and sales follow up the customer's receipt."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, states
from yunying.core.errors import ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.audit import object_type
from yunying.core.sql import Batch, remember, update_rows
from yunying.core.tx import transactional
from yunying.inventory.models import LedgerKind
from yunying.inventory.services import reservations, stock
from yunying.inventory.services.ledger import Move, Source, apply_moves

from ...models import Delivery, DeliveryLine, SalesOrder, SalesOrderLine
from .. import settlement
from .common import FOLLOW_TASK, LATE_TASK, SHIP, SHIP_TASK


def _shipping_time(
    carrier: str, tracking_number: str, shipped_at: datetime.datetime | None
) -> datetime.datetime:
    """When it was shipped (now by default), once carrier and tracking number are given."""
    if not carrier:
        raise ValidationFailed(_("Name the carrier."), field="carrier", clause="SALES-3")
    if not tracking_number:
        raise ValidationFailed(
            _("Give the tracking number."), field="tracking_number", clause="SALES-3"
        )
    when = shipped_at or timezone.now()
    if when > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationFailed(_("The shipping time cannot be in the future."), field="shipped_at")
    return when


def _locked_lines(delivery: Delivery) -> list[DeliveryLine]:
    """The notice, the order lines it ships and their items, locked in one statement (items in
    primary-key order, as every stock writer)."""
    lines = list(
        DeliveryLine.objects.filter(delivery_id=delivery.pk)
        .select_related("delivery__order__customer", "order_line", "item")
        .select_for_update(no_key=True, of=("delivery", "order_line", "item"))
        .order_by("item_id", "pk")
    )
    if not lines:
        raise ValidationFailed(_("The notice has no lines."), field="lines")
    return lines


def _issue_stock(
    delivery: Delivery,
    lines: list[DeliveryLine],
    *,
    actor: Employee,
    when: datetime.datetime,
    batch: Batch,
) -> None:
    """Issue the reserved stock of the lines and count them shipped on their order lines."""
    order_type = object_type(SalesOrder)
    state = stock.load(
        {line.item_id for line in lines},
        reservations_of=(order_type, [line.order_line_id for line in lines]),
    )
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


def _record_shipment(
    delivery: Delivery,
    *,
    carrier: str,
    tracking_number: str,
    when: datetime.datetime,
    actor: Employee,
    batch: Batch,
) -> None:
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
    when = _shipping_time(carrier, tracking_number, shipped_at)
    lines = _locked_lines(delivery)
    delivery = lines[0].delivery
    states.transition(delivery, "ship")
    batch = Batch()
    _issue_stock(delivery, lines, actor=actor, when=when, batch=batch)
    _record_shipment(
        delivery,
        carrier=carrier,
        tracking_number=tracking_number,
        when=when,
        actor=actor,
        batch=batch,
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


def _count_delivered(order: SalesOrder, lines: list[DeliveryLine]) -> dict[int, SalesOrderLine]:
    """The order's lines, locked, with what the delivery brought counted delivered."""
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
    return order_lines


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
    order_lines = _count_delivered(order, lines)
    settlement.raise_receivable(
        delivery=delivery, lines=lines, order_lines=order_lines, actor=actor
    )
    settlement.update_order_progress(order, list(order_lines.values()))
    inbox.close_tasks(kind=LATE_TASK, source=delivery)
    inbox.open_task(
        assignee=order.created_by,
        kind=FOLLOW_TASK,
        title=Message(
            gettext_lazy("Confirm %(customer)s received %(delivery)s"),
            customer=order.customer.name,
            delivery=delivery.number,
        ),
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
