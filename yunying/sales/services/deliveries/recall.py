"""Cancelling a shipped delivery (SALES-3): a reversal, not an edit.

Only a delivery that is shipped and not yet delivered can be cancelled this way: the reversal of
its stock issue is posted (the goods come back into the locations they left, at the cost they
left with), its order lines count the quantity neither shipped nor on a notice any more — so the
order can be noticed and shipped again — and the stock is reserved for those order lines again
as far as it is free. Logistics' task about a late delivery is closed. Once the goods are
delivered the receivable exists and the customer return (``returns``) is the way back.

Locks, in the documented order: the delivery, its lines and the order lines they ship, the
items, the locations (shared, by the posting), the audit."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, states
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.inventory.services import reservations
from yunying.inventory.services.ledger import Source, reverse_source

from ...models import Delivery, DeliveryLine, SalesOrder, SalesOrderLine
from .common import LATE_TASK, SHIP


def _lock(delivery: Delivery) -> tuple[Delivery, list[DeliveryLine]]:
    """The delivery, then its lines with the order lines they ship."""
    delivery = (
        Delivery.objects.select_for_update(no_key=True, of=("self",))
        .select_related("order")
        .get(pk=delivery.pk)
    )
    if delivery.state == Delivery.State.DELIVERED:
        raise InvalidTransition(
            _(
                "%(delivery)s was delivered and its receivable raised: it cannot be cancelled. "
                "Record a customer return instead."
            )
            % {"delivery": delivery.number},
            clause="SALES-3",
            code="delivered",
        )
    if delivery.state != Delivery.State.SHIPPED:
        raise InvalidTransition(
            _("Only a shipped delivery that has not been delivered can be cancelled."),
            clause="SALES-3",
        )
    lines = list(
        DeliveryLine.objects.select_for_update(no_key=True, of=("self", "order_line"))
        .filter(delivery_id=delivery.pk)
        .select_related("order_line", "item")
        .order_by("pk")
    )
    return delivery, lines


def _reopen_order_lines(order: SalesOrder, lines: list[DeliveryLine]) -> None:
    """The order lines count the quantity neither shipped nor noticed, and the stock that came
    back is reserved for them again as far as it is free (SALES-2)."""
    order_lines: dict[int, SalesOrderLine] = {}
    for line in lines:
        order_line = order_lines.setdefault(line.order_line_id, line.order_line)
        order_line.shipped_quantity -= line.quantity
        order_line.noticed_quantity -= line.quantity
    update_rows(
        SalesOrderLine,
        ["shipped_quantity", "noticed_quantity"],
        [(ln.pk, ln.shipped_quantity, ln.noticed_quantity) for ln in order_lines.values()],
    )
    if order.state not in SalesOrder.OPEN_STATES:
        return
    reservations.reserve_for(
        demands=[
            reservations.Demand(line.order_line_id, line.item_id, line.quantity, partial=True)
            for line in lines
        ],
        source=Source.of(order),
    )


@transactional
def cancel_shipment(*, delivery: Delivery, reason: str, actor: Employee) -> Delivery:
    """Take back a shipped delivery before it is delivered: the stock issue is reversed and
    the order can ship the goods again (SALES-3)."""
    access.require(actor, SHIP)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    delivery, lines = _lock(delivery)
    states.transition(delivery, "recall")
    reverse_source(source=Source.of(delivery), actor=actor)
    _reopen_order_lines(delivery.order, lines)
    delivery.cancel_reason, delivery.updated_at = reason.strip(), timezone.now()
    delivery.save(update_fields=["state", "cancel_reason", "updated_at"])
    inbox.close_tasks(kind=LATE_TASK, source=delivery)
    audit.record(
        actor=actor,
        action="sales.cancel_shipment",
        obj=delivery,
        changes={
            "reason": delivery.cancel_reason,
            "carrier": delivery.carrier,
            "tracking_number": delivery.tracking_number,
            "lines": [[ln.item_id, ln.quantity] for ln in lines],
        },
        clause="SALES-3",
    )
    return delivery
