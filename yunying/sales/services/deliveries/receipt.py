"""The customer's receipt (SALES-4): confirmed, or a problem reported — damaged, short or wrong
goods — and how it was resolved."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional

from ... import hooks
from ...models import Delivery, DeliveryLine, ReceiptProblem
from .common import FOLLOW_TASK, MANAGE, PROBLEM_TASK


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
        title=Message(
            gettext_lazy("Resolve the receipt problem of %(delivery)s: %(kind)s"),
            delivery=delivery.number,
            kind=ReceiptProblem.Kind(problem.kind).label,
        ),
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
    for hook in hooks.on_receipt_problem:
        hook(problem, actor)
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
