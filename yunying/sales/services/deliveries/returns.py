"""Returns (SALES-4): delivered goods come back to a returns location at the cost they left
with, and the receivable of the delivery is reduced by their value."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import audit
from yunying.core.services.audit import object_type
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.inventory.models import LedgerKind, StockLedgerEntry
from yunying.inventory.services.ledger import Move, Source, post_moves
from yunying.masterdata.models import Location

from ...models import (
    CustomerReturn,
    CustomerReturnLine,
    Delivery,
    DeliveryLine,
    ReceiptProblem,
    SalesOrderLine,
)
from .. import settlement
from .common import MANAGE


def _check_return(
    delivery: Delivery, *, location: Location, reason: str, problem: ReceiptProblem | None
) -> None:
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for the return."), field="reason")
    if problem is not None and problem.delivery_id != delivery.pk:
        raise ValidationFailed(_("The problem belongs to another delivery."), field="problem")
    if not location.active:
        raise ValidationFailed(_("The location is not active."), field="location")
    if location.kind != Location.Kind.RETURNS:
        raise ValidationFailed(_("Returned goods go to a returns location."), field="location")


def _returned_lines(
    quantities: Mapping[DeliveryLine, Decimal], lines: dict[int, DeliveryLine]
) -> tuple[list[CustomerReturnLine], Decimal]:
    """The return's lines from the quantities asked, counted returned on the locked delivery
    and order lines, and the value credited."""
    rows, credit = [], Decimal("0")
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
    return rows, credit


def _post_stock(
    customer_return: CustomerReturn,
    rows: list[CustomerReturnLine],
    costs: dict[int, Decimal],
    *,
    location: Location,
    actor: Employee,
) -> None:
    """The goods back into stock at the returns location, at the cost they left with."""
    moves = [
        Move(
            row.item_id,
            location.pk,
            row.quantity,
            LedgerKind.RETURN,
            unit_cost=costs.get(row.delivery_line_id),
            source_line=row.pk,
        )
        for row in rows
    ]
    post_moves(moves=moves, source=Source.of(customer_return), actor=actor)


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
    _check_return(delivery, location=location, reason=reason, problem=problem)
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
    rows, credit = _returned_lines(quantities, lines)
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
    _post_stock(customer_return, rows, costs, location=location, actor=actor)
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
