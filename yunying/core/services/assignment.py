"""Changing which positions an employee holds (ORG-3).

Who holds which permission decides what they see and what they approve, so it changes only by
an assignment change that the regulation's chain approves (the chain of position changes);
nobody approves a change of their own positions. A new account holds its positions only once
its assignment is approved: creating an account never grants anything by itself. Setting up a
new company (no actor: ``yunying`` commands) assigns at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, states, workflow
from ..errors import InvalidTransition, NotAllowed, ValidationFailed
from ..messages import Message
from ..models import AssignmentChange, Employee, Position
from ..tx import transactional
from . import audit, inbox
from .numbering import next_number

CLAUSE = "ORG-3"
MANAGE_EMPLOYEE = "core.manage_employee"


def _codes(positions: Iterable[Position]) -> list[str]:
    return sorted(p.code for p in positions)


def pending(employee: Employee) -> AssignmentChange | None:
    """The employee's assignment change awaiting approval or in the author's hands."""
    return (
        employee.assignment_changes.filter(
            state__in=[*AssignmentChange.EDITABLE_STATES, AssignmentChange.State.SUBMITTED]
        )
        .order_by("-pk")
        .first()
    )


@transactional
def request_assignment(
    *, employee: Employee, positions: Iterable[Position], reason: str, actor: Employee
) -> AssignmentChange:
    """Ask for ``employee`` to hold ``positions`` (the full new set) and submit it for
    approval at once."""
    access.require(actor, MANAGE_EMPLOYEE)
    if not access.department_in_scope(actor, MANAGE_EMPLOYEE, employee.department):
        access.require_in_scope(actor, MANAGE_EMPLOYEE, employee)
    positions = list(positions)
    if not positions:
        raise ValidationFailed(_("An employee holds at least one position."), field="positions")
    from .employees import check_positions

    check_positions(employee, positions)
    employee = Employee.objects.select_for_update(no_key=True).get(pk=employee.pk)
    if pending(employee) is not None:
        raise InvalidTransition(
            _("A change of %(employee)s's positions is already under way.")
            % {"employee": employee.name},
            clause=CLAUSE,
        )
    change = AssignmentChange.objects.create(
        number=next_number(AssignmentChange.NUMBER_PREFIX),
        employee=employee,
        department=employee.department,
        created_by=actor,
        reason=(reason or "").strip() or _("Positions of %(employee)s") % {"employee": employee},
    )
    change.positions.set(positions)
    audit.record(
        actor=actor,
        action="core.request_assignment",
        obj=change,
        changes={
            "employee": employee.employee_no,
            "positions": [_codes(employee.positions.all()), _codes(positions)],
        },
        clause=CLAUSE,
    )
    states.transition(change, "submit")
    change.save(update_fields=["state", "updated_at"])
    workflow.submit(document=change, actor=actor)
    change.refresh_from_db()
    return change


@transactional
def cancel_assignment(*, change: AssignmentChange, actor: Employee) -> AssignmentChange:
    change = AssignmentChange.objects.select_for_update(no_key=True).get(pk=change.pk)
    if change.created_by_id != actor.pk:
        raise NotAllowed(_("Only the author cancels this change."))
    states.transition(change, "cancel")
    change.save(update_fields=["state", "updated_at"])
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=change, by=actor)
    audit.record(actor=actor, action="core.cancel_assignment", obj=change, clause=CLAUSE)
    return change


def beneficiaries(change: AssignmentChange) -> set[int]:
    """The employee whose positions change never approves it."""
    return {change.employee_id}


# Hooks called by the approvals engine in the transaction of the final decision.


def on_approved(change: AssignmentChange, request: object, actor: Employee) -> None:
    from .employees import check_positions

    employee = Employee.objects.select_for_update(no_key=True).get(pk=change.employee_id)
    positions = list(change.positions.all())
    check_positions(employee, positions)  # headcounts may have filled up meanwhile (ORG-1)
    before = _codes(employee.positions.all())
    employee.positions.set(positions)
    access.forget_grants(employee)
    states.transition(change, "approve")
    change.before, change.applied_at = before, timezone.now()
    change.save(update_fields=["state", "before", "applied_at", "updated_at"])
    audit.record(
        actor=actor,
        action="core.apply_assignment",
        obj=employee,
        changes={"positions": [before, _codes(positions)]},
        clause=CLAUSE,
    )
    inbox.notify(
        [employee],
        title=Message(
            gettext_lazy("Your positions have changed: %(positions)s"),
            positions="、".join(p.name for p in positions),
        ),
        url=f"/org/employees/{employee.pk}/",
        source=change,
    )


def on_rejected(change: AssignmentChange, request: object, actor: Employee) -> None:
    states.transition(change, "reject")
    change.save(update_fields=["state", "updated_at"])


def on_returned(change: AssignmentChange, request: object, actor: Employee) -> None:
    # Nothing to rework on a list of positions: a returned change ends, a new one may follow.
    states.transition(change, "send_back")
    states.transition(change, "cancel")
    change.save(update_fields=["state", "updated_at"])


def on_withdrawn(change: AssignmentChange, request: object, actor: Employee) -> None:
    states.transition(change, "withdraw")
    states.transition(change, "cancel")
    change.save(update_fields=["state", "updated_at"])
