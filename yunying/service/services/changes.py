"""Changing an open case after it was opened: who handles it (SVC-1) and how urgent it is
(SVC-2).

A supervisor of the case's team gives it to another handler of that team; the handler's task
moves with the case and the one who had it hears of it. Whoever handles the case may make it
more urgent; only a supervisor may make it less urgent, so that nobody lowers a priority to move
a due moment away. A new priority recomputes the due moments on the working calendar; a breach
already flagged and escalated stays on record.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional

from ..models import ServiceCase
from . import assignment, standards
from .cases import CASE_TASK, HANDLE, _clause, assign_task

SUPERVISE = "service.supervise"
URGENCY = {value: rank for rank, value in enumerate(ServiceCase.Priority.values)}


def _locked_open(case: ServiceCase) -> ServiceCase:
    locked = (
        ServiceCase.objects.select_for_update(no_key=True, of=("self",))
        .select_related("customer", "team", "assignee")
        .get(pk=case.pk)
    )
    if not locked.is_open:
        raise ValidationFailed(
            _("%(case)s is %(state)s; only an open case changes.")
            % {"case": locked.number, "state": locked.get_state_display()},
            field="case",
            clause=_clause(locked),
        )
    return locked


def _moment(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(_("Say why."), field="reason")
    return text


@transactional
def reassign(*, case: ServiceCase, assignee: Employee, reason: str, actor: Employee) -> ServiceCase:
    """Give the case to ``assignee``, a handler of its team (SVC-1)."""
    access.require_in_scope(actor, SUPERVISE, case)
    why = _reason(reason)
    case = _locked_open(case)
    if case.state == ServiceCase.State.REGISTERED:
        raise ValidationFailed(
            _("A registered complaint is given its handler by the step “assign”."),
            field="assignee",
            clause="SVC-3",
        )
    if assignee not in assignment.handlers(case.team):
        raise ValidationFailed(
            _("%(name)s does not handle the cases of %(team)s.")
            % {"name": assignee.name, "team": case.team.name},
            field="assignee",
        )
    before = case.assignee
    if before is not None and before.pk == assignee.pk:
        raise ValidationFailed(
            _("%(name)s already handles the case.") % {"name": assignee.name}, field="assignee"
        )
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    if before is not None:
        inbox.close_tasks(kind=CASE_TASK, source=case, assignee=before, by=actor)
        inbox.notify(
            [before],
            title=Message(
                gettext_lazy("Service case %(number)s now goes to %(name)s: %(reason)s"),
                number=case.number,
                name=assignee.name,
                reason=why,
            ),
            url=f"/service/cases/{case.pk}/",
            source=case,
        )
    assign_task(case)
    audit.record(
        actor=actor,
        action="service.case_reassigned",
        obj=case,
        changes={"assignee": [str(before or ""), str(assignee)], "reason": why},
        clause="SVC-1",
    )
    return case


@transactional
def change_priority(
    *, case: ServiceCase, priority: str, reason: str, actor: Employee
) -> ServiceCase:
    """Make the case more or less urgent; its due moments follow the new standard (SVC-2)."""
    if priority not in URGENCY:
        raise ValidationFailed(_("Choose a valid value."), field="priority")
    access.require_in_scope(actor, HANDLE, case)
    why = _reason(reason)
    case = _locked_open(case)
    if priority == case.priority:
        raise ValidationFailed(_("The case already has this priority."), field="priority")
    if URGENCY[priority] < URGENCY[case.priority] and not access.in_scope(actor, SUPERVISE, case):
        raise ValidationFailed(
            _("Only a supervisor makes a case less urgent."), field="priority", clause="SVC-2"
        )
    before = case.priority
    case.priority = priority
    fields = standards.set_due(case)
    case.save(update_fields=["priority", *fields, "updated_at"])
    audit.record(
        actor=actor,
        action="service.case_priority",
        obj=case,
        changes={
            "priority": [before, priority],
            "reason": why,
            "response_due_at": _moment(case.response_due_at),
            "resolution_due_at": _moment(case.resolution_due_at),
        },
        clause="SVC-2",
    )
    return case
