"""Moving a service case along its states (SVC-1, SVC-3) and the clock that moves with it
(SVC-2); a return of goods from an after-sales case (SALES-4)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.calendar import WorkingCalendar
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional
from yunying.masterdata.models import Location
from yunying.sales.models import CustomerReturn, DeliveryLine
from yunying.sales.services.deliveries.returns import return_goods

from ..models import ComplaintCause, ServiceCase
from . import assignment, standards, surveys
from .cases import CASE_TASK, _clause, _locked, _move, assign_task

# The first of these actions is the case's first response (SVC-2).
RESPONDING = frozenset({"start", "wait", "resolve", "investigate"})


def _require_resolution(case: ServiceCase, resolution: str) -> None:
    text = (resolution or "").strip() or case.resolution
    if not text:
        raise ValidationFailed(
            _("Say how the case was resolved."), field="resolution", clause=_clause(case)
        )
    case.resolution = text


def _before(case: ServiceCase, verb: str, resolution: str, cause: ComplaintCause | None) -> None:
    """The conditions of ``verb``: a resolution to resolve; a cause and a resolution to close a
    complaint (SVC-3)."""
    if cause is not None:
        if not cause.active:
            raise ValidationFailed(_("The cause is no longer in use."), field="cause")
        case.cause = cause
    if verb == "resolve" or (verb == "close" and case.kind == ServiceCase.Kind.COMPLAINT):
        _require_resolution(case, resolution)
    if verb == "close" and case.kind == ServiceCase.Kind.COMPLAINT and case.cause_id is None:
        raise ValidationFailed(
            _("A complaint closes only with its cause."), field="cause", clause="SVC-3"
        )


def _assign(case: ServiceCase, assignee: Employee | None) -> None:
    """Who handles the complaint: the one named, who must handle cases in its team, or the
    next in turn (SVC-1)."""
    if assignee is not None and assignee not in assignment.handlers(case.team):
        raise ValidationFailed(
            _("%(name)s does not handle the cases of %(team)s.")
            % {"name": assignee.name, "team": case.team.name},
            field="assignee",
        )
    chosen = assignee or case.assignee or assignment.choose(case.customer, case.team)
    if chosen is None:
        raise ValidationFailed(_("The team has nobody to handle the case."), field="assignee")
    case.assignee = chosen


def _responded(case: ServiceCase, now: datetime.datetime, clock: WorkingCalendar) -> None:
    """The first response: the working hours it took and whether it came in time (SVC-2)."""
    case.first_responded_at = now
    case.response_hours = clock.working_hours_between(case.opened_at, now)
    due = case.response_due_at
    case.response_met = None if due is None else now <= due


def _resolved(case: ServiceCase, now: datetime.datetime, clock: WorkingCalendar) -> None:
    """The resolution: the working hours it took, less those waited for the customer, and
    whether it came by its due moment (moved later by those waits) (SVC-2)."""
    case.resolved_at = now
    spent = clock.working_hours_between(case.opened_at, now)
    case.resolution_hours = max(spent - case.paused_hours, Decimal("0.00"))
    due = case.resolution_due_at
    case.resolution_met = None if due is None else now <= due


def _clock(case: ServiceCase, verb: str, old: str) -> None:
    now = timezone.now()
    answering = verb in RESPONDING and case.first_responded_at is None
    clock = WorkingCalendar() if answering or verb == "resolve" else None
    if answering and clock is not None:
        _responded(case, now, clock)
    if old == ServiceCase.State.WAITING_CUSTOMER:
        standards.resume(case, now)
    if case.state == ServiceCase.State.WAITING_CUSTOMER:
        standards.pause(case, now)
    if verb == "resolve" and clock is not None:
        _resolved(case, now, clock)
    elif verb == "reopen":
        case.resolved_at = case.resolution_hours = case.resolution_met = None
    elif verb == "close":
        case.closed_at = now


@transactional
def act(
    *,
    case: ServiceCase,
    verb: str,
    actor: Employee,
    note: str = "",
    resolution: str = "",
    cause: ComplaintCause | None = None,
    assignee: Employee | None = None,
) -> ServiceCase:
    """Move the case by ``verb``; a move its state does not allow is refused naming the clause."""
    case = _locked(case, actor)
    old = _move(case, verb)
    _before(case, verb, resolution, cause)
    if verb == "assign":
        _assign(case, assignee)
    _clock(case, verb, old)
    case.save()
    if verb == "close":
        inbox.close_tasks(kind=CASE_TASK, source=case)
    elif verb == "assign":
        assign_task(case)
    elif verb == "resolve":  # the satisfaction survey, once per case (SVC-4)
        surveys.send_after_case(case=case, actor=actor)
    audit.record(
        actor=actor,
        action=f"service.case_{verb}",
        obj=case,
        changes={
            "state": [old, case.state],
            "note": note.strip(),
            "resolution": case.resolution if verb in ("resolve", "close") else "",
            "cause": str(case.cause or ""),
            "assignee": str(case.assignee or ""),
        },
        clause=_clause(case),
    )
    return case


@transactional
def return_from_case(
    *,
    case: ServiceCase,
    quantities: Mapping[DeliveryLine, Decimal],
    location: Location,
    reason: str,
    actor: Employee,
) -> CustomerReturn:
    """Goods of the case's delivery come back through the sales return (SALES-4), entered by
    whoever may see the case and enter the order's returns."""
    case = _locked(case, actor, code="service.view_case")
    if case.delivery is None:
        raise ValidationFailed(_("The case names no delivery."), field="delivery")
    if not case.is_open and case.state != ServiceCase.State.RESOLVED:
        raise ValidationFailed(_("The case is closed."), field="case", clause="SALES-4")
    customer_return = return_goods(
        delivery=case.delivery,
        quantities=quantities,
        location=location,
        reason=reason,
        actor=actor,
        problem=case.receipt_problem,
    )
    audit.record(
        actor=actor,
        action="service.case_return",
        obj=case,
        changes={"return": customer_return.number},
        clause="SALES-4",
    )
    return customer_return
