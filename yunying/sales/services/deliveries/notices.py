"""Delivery notices (SALES-2): what of a confirmed order logistics are to ship, with their
task; several notices make partial deliveries. Cancelling an order cancels its open notices."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, states
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import insert_numbered
from yunying.core.sql import Batch, remember
from yunying.core.tx import transactional

from ...models import Delivery, DeliveryLine, SalesOrder, SalesOrderLine
from .common import MANAGE, SHIP, SHIP_TASK


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
    title = Message(
        gettext_lazy("Ship %(delivery)s for %(customer)s (promised %(date)s)"),
        delivery=delivery.number,
        customer=order.customer.name,
        date=order.promised_date,
    )
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
