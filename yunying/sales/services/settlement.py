"""Settlement (SALES-5, SALES-8): a delivery raises a receivable due by the customer's payment
terms; payments — full, partial, several — are recorded against receivables; an order closes
when it is delivered and settled."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, states
from yunying.core.errors import ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.audit import object_type
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.masterdata.models import Customer

from ..models import (
    Delivery,
    DeliveryLine,
    Payment,
    PaymentAllocation,
    Receivable,
    SalesOrder,
    SalesOrderLine,
)

RECORD_PAYMENT = "sales.record_payment"
OVERDUE_TASK = "sales.overdue_receivable"
COLLECT_TASK = "sales.collect_receivable"  # finance collects what a delivery raised
CENT = Decimal("0.01")


def raise_receivable(
    *,
    delivery: Delivery,
    lines: Sequence[DeliveryLine],
    order_lines: dict[int, SalesOrderLine],
    actor: Employee,
) -> Receivable:
    order = delivery.order
    amount = sum(
        (
            (line.quantity * order_lines[line.order_line_id].unit_price).quantize(CENT)
            for line in lines
        ),
        Decimal("0"),
    )
    day = (
        timezone.localtime(delivery.delivered_at).date()
        if delivery.delivered_at
        else timezone.localdate()
    )
    receivable = Receivable.objects.create(
        number=next_number(Receivable.NUMBER_PREFIX, on=day),
        department=order.department,
        created_by=order.created_by,
        customer_id=order.customer_id,
        region_id=order.region_id,
        order=order,
        delivery=delivery,
        invoice_date=day,
        due_date=day + datetime.timedelta(days=order.customer.payment_terms_days),
        amount=amount,
    )
    audit.record(
        actor=actor,
        action="sales.raise_receivable",
        obj=receivable,
        changes={"delivery": delivery.number, "amount": amount, "due": receivable.due_date},
        clause="SALES-5",
    )
    inbox.open_department_task(
        permission=RECORD_PAYMENT,
        kind=COLLECT_TASK,
        title=Message(
            gettext_lazy("Collect %(amount)s from %(customer)s on %(receivable)s, due %(date)s"),
            amount=amount,
            customer=order.customer.name,
            receivable=receivable.number,
            date=receivable.due_date,
        ),
        source=receivable,
        url=f"/sales/receivables/{receivable.pk}/",
        clause="SALES-5",
    )
    return receivable


def update_order_progress(order: SalesOrder, lines: Sequence[SalesOrderLine]) -> None:
    """Partly delivered → delivered → closed when every receivable of it is settled."""
    if all(line.delivered_quantity >= line.quantity for line in lines):
        if order.state in SalesOrder.OPEN_STATES:
            states.transition(order, "deliver_all")
    elif order.state != SalesOrder.State.PARTIAL:
        states.transition(order, "deliver_part")
    if (
        order.state == SalesOrder.State.DELIVERED
        and not order.receivables.exclude(state=Receivable.State.SETTLED).exists()
    ):
        states.transition(order, "close")
        order.closed_at = timezone.now()
    order.save(update_fields=["state", "closed_at", "updated_at"])


def _set_state(receivable: Receivable) -> None:
    if receivable.outstanding <= 0:
        receivable.state = Receivable.State.SETTLED
    elif receivable.paid > 0 or receivable.credited > 0:
        receivable.state = Receivable.State.PARTIAL
    else:
        receivable.state = Receivable.State.OPEN


def credit_return(*, delivery: Delivery, amount: Decimal, actor: Employee) -> Decimal:
    """Reduce the delivery's receivable by returned goods; returns what was credited (at most
    what is still outstanding: money already paid is refunded outside this receivable)."""
    receivable = Receivable.objects.select_for_update(no_key=True).filter(delivery=delivery).first()
    if receivable is None:
        return Decimal("0")
    credited = min(amount, receivable.outstanding)
    receivable.credited += credited
    _set_state(receivable)
    receivable.save(update_fields=["credited", "state", "updated_at"])
    if receivable.state == Receivable.State.SETTLED:
        inbox.close_tasks(kind=OVERDUE_TASK, source=receivable)
        inbox.close_tasks(kind=COLLECT_TASK, source=receivable, by=actor)
    _close_if_settled(receivable.order_id)
    return credited


@transactional
def record_payment(
    *,
    customer: Customer,
    amount: Decimal,
    received_on: datetime.date,
    actor: Employee,
    method: str = Payment.Method.TRANSFER,
    reference: str = "",
    allocations: Sequence[tuple[Receivable, Decimal]] = (),
) -> Payment:
    """Record money received and allocate it to receivables — those given, or the oldest due
    first. A payment larger than what the customer owes is refused."""
    access.require(actor, RECORD_PAYMENT)
    if amount <= 0:
        raise ValidationFailed(_("The amount must be positive."), field="amount")
    if received_on > timezone.localdate():
        raise ValidationFailed(
            _("A payment cannot be received in the future."), field="received_on"
        )
    if method not in Payment.Method.values:
        raise ValidationFailed(_("Unknown payment method."), field="method")
    amount = amount.quantize(CENT)
    open_ones = list(
        Receivable.objects.select_for_update(no_key=True)
        .filter(customer=customer)
        .exclude(state=Receivable.State.SETTLED)
        .order_by("due_date", "pk")
    )
    by_id = {r.pk: r for r in open_ones}
    plan: list[tuple[Receivable, Decimal]] = []
    if allocations:
        for receivable, part in allocations:
            locked = by_id.get(receivable.pk)
            if locked is None:
                raise ValidationFailed(
                    _("%(receivable)s is not an open receivable of this customer.")
                    % {"receivable": receivable.number},
                    field="allocations",
                )
            if part <= 0 or part > locked.outstanding:
                raise ValidationFailed(
                    _("%(receivable)s: allocate between 0 and %(left)s.")
                    % {"receivable": locked.number, "left": locked.outstanding},
                    field="allocations",
                )
            plan.append((locked, part))
        if sum((p for _r, p in plan), Decimal("0")) != amount:
            raise ValidationFailed(
                _("The allocations must add up to the amount."), field="allocations"
            )
    else:
        left = amount
        for receivable in open_ones:
            part = min(left, receivable.outstanding)
            if part > 0:
                plan.append((receivable, part))
                left -= part
        if left > 0:
            owed = sum((r.outstanding for r in open_ones), Decimal("0"))
            raise ValidationFailed(
                _("%(customer)s owes %(owed)s; a payment of %(amount)s is more than that.")
                % {"customer": customer.name, "owed": owed, "amount": amount},
                field="amount",
                clause="SALES-5",
            )
    payment = Payment.objects.create(
        number=next_number(Payment.NUMBER_PREFIX, on=received_on),
        department=actor.department,
        created_by=actor,
        customer=customer,
        received_on=received_on,
        amount=amount,
        method=method,
        reference=reference.strip(),
    )
    PaymentAllocation.objects.bulk_create(
        PaymentAllocation(payment=payment, receivable=r, amount=p) for r, p in plan
    )
    for receivable, part in plan:
        receivable.paid += part
        _set_state(receivable)
    update_rows(Receivable, ["paid", "state"], [(r.pk, r.paid, r.state) for r, _p in plan])
    settled = [r.pk for r, _p in plan if r.state == Receivable.State.SETTLED]
    inbox.close_tasks(kind=OVERDUE_TASK, source_type=object_type(Receivable), source_ids=settled)
    inbox.close_tasks(
        kind=COLLECT_TASK, source_type=object_type(Receivable), source_ids=settled, by=actor
    )
    for order_id in {r.order_id for r, _p in plan}:
        _close_if_settled(order_id)
    audit.record(
        actor=actor,
        action="sales.record_payment",
        obj=payment,
        changes={
            "customer": customer.code,
            "amount": amount,
            "allocations": [[r.number, p] for r, p in plan],
        },
        clause="SALES-5",
    )
    return payment


def _close_if_settled(order_id: int) -> None:
    order = SalesOrder.objects.select_for_update(no_key=True).get(pk=order_id)
    if (
        order.state == SalesOrder.State.DELIVERED
        and not order.receivables.exclude(state=Receivable.State.SETTLED).exists()
    ):
        states.transition(order, "close")
        order.closed_at = timezone.now()
        order.save(update_fields=["state", "closed_at", "updated_at"])
