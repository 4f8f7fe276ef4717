"""Opening and moving service cases (SVC-1, SVC-3), their service-standard clock (SVC-2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Department, Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata.models import Customer, Item
from yunying.sales.models import Delivery, SalesOrder

from ..models import ServiceCase
from ..models.case import verb_label
from . import assignment, standards

HANDLE = "service.handle_case"
CASE_TASK = "service.case"


@dataclass(frozen=True)
class NewCase:
    kind: str
    channel: str
    customer: Customer
    subject: str
    description: str = ""
    priority: str = ServiceCase.Priority.NORMAL
    order: SalesOrder | None = None
    delivery: Delivery | None = None
    item: Item | None = None
    team: Department | None = None
    assignee: Employee | None = None


def _validate(new: NewCase) -> None:
    choices = {
        "kind": ServiceCase.Kind.values,
        "channel": ServiceCase.Channel.values,
        "priority": ServiceCase.Priority.values,
    }
    for field, values in choices.items():
        if getattr(new, field) not in values:
            raise ValidationFailed(_("Choose a valid value."), field=field)
    if not (new.subject or "").strip():
        raise ValidationFailed(_("Give the case a subject."), field="subject")
    if new.order is not None and new.order.customer_id != new.customer.pk:
        raise ValidationFailed(_("The order belongs to another customer."), field="order")
    if new.delivery is not None:
        if new.order is not None and new.delivery.order_id != new.order.pk:
            raise ValidationFailed(_("The delivery belongs to another order."), field="delivery")
        if new.delivery.order.customer_id != new.customer.pk:
            raise ValidationFailed(_("The delivery belongs to another customer."), field="delivery")


def assign_task(case: ServiceCase) -> None:
    if case.assignee is None:
        return
    inbox.open_task(
        assignee=case.assignee,
        kind=CASE_TASK,
        title=Message(
            gettext_lazy("Service case %(number)s for %(customer)s: %(subject)s"),
            number=case.number,
            customer=case.customer.name,
            subject=case.subject,
        ),
        source=case,
        url=f"/service/cases/{case.pk}/",
        clause="SVC-1",
    )


def create(new: NewCase, *, actor: Employee, receipt_problem: Any = None) -> ServiceCase:
    """Write the case: number, handler, due moments, the handler's task (no permission check:
    :func:`open_case` checks it, the receipt-problem hook opens cases for sales)."""
    _validate(new)
    team = new.team or assignment.default_team() or actor.department
    assignee = new.assignee or assignment.choose(new.customer, team)
    complaint = new.kind == ServiceCase.Kind.COMPLAINT
    case = ServiceCase(
        kind=new.kind,
        channel=new.channel,
        priority=new.priority,
        subject=new.subject.strip(),
        description=(new.description or "").strip(),
        customer=new.customer,
        order=new.order or (new.delivery.order if new.delivery else None),
        delivery=new.delivery,
        item=new.item,
        receipt_problem=receipt_problem,
        team=team,
        assignee=assignee,
        state=(ServiceCase.State.REGISTERED if complaint else ServiceCase.State.OPEN),
        opened_at=timezone.now(),
        department=team,
        created_by=actor,
    )
    if complaint and assignee is not None:
        case.state = ServiceCase.State.ASSIGNED
    standards.set_due(case)
    case.number = next_number(ServiceCase.NUMBER_PREFIX)
    case.save()
    assign_task(case)
    audit.record(
        actor=actor,
        action="service.case_opened",
        obj=case,
        changes={
            "kind": case.kind,
            "customer": case.customer.name,
            "assignee": str(assignee or ""),
            "subject": case.subject,
        },
        clause="SVC-1",
    )
    return case


@transactional
def open_case(new: NewCase, *, actor: Employee) -> ServiceCase:
    """Register a customer's inquiry, complaint or after-sales request (SVC-1)."""
    team = new.team or assignment.default_team() or actor.department
    access.require_to_hold(actor, HANDLE, team, new.assignee or actor)
    if new.assignee is None and not access.department_in_scope(actor, HANDLE, team):
        # An agent who handles only their own cases keeps the case they register.
        new = replace(new, assignee=actor)
    return create(new, actor=actor)


def _clause(case: ServiceCase) -> str:
    return "SVC-3" if case.kind == ServiceCase.Kind.COMPLAINT else "SVC-1"


def _move(case: ServiceCase, verb: str) -> str:
    table = case.transitions
    if verb not in table or case.state not in table[verb][0]:
        raise InvalidTransition(
            _("%(document)s is %(state)s; “%(verb)s” is not allowed now.")
            % {"document": case, "state": case.get_state_display(), "verb": verb_label(verb)},
            clause=_clause(case),
        )
    old = case.state
    case.state = table[verb][1]
    return old


def _locked(case: ServiceCase, actor: Employee, *, code: str = HANDLE) -> ServiceCase:
    """The case locked, once the actor's permission ``code`` reaches it."""
    if code == HANDLE or not access.in_scope(actor, HANDLE, case):
        access.require_in_scope(actor, code, case)
    return (
        ServiceCase.objects.select_for_update(no_key=True, of=("self",))
        .select_related("customer")
        .get(pk=case.pk)
    )
