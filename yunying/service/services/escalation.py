"""The breach check of the service standards (SVC-2): a case past its response or resolution due
moment is flagged once and escalated to the supervisors of its team (a task and a notice)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.checks import Finding
from yunying.core.messages import Message
from yunying.core.models import Department, Employee
from yunying.core.services import inbox
from yunying.core.tx import transactional

from ..models import ServiceCase

SUPERVISE = "service.supervise"
BREACH_TASK = "service.breach"

RESPONSE = gettext_lazy("Service case %(number)s (%(customer)s) had no response by %(due)s")
RESOLUTION = gettext_lazy("Service case %(number)s (%(customer)s) was not resolved by %(due)s")


def supervisors(team: Department) -> list[Employee]:
    """The active holders of the supervising permission whose scope covers ``team``."""
    holders = Employee.objects.filter(
        active=True, positions__permissions__code=SUPERVISE
    ).distinct()
    return [e for e in holders.order_by("pk") if access.department_in_scope(e, SUPERVISE, team)]


def _breached(field: str, done: str, now: object) -> list[ServiceCase]:
    """The open cases past their ``field`` due moment and not flagged yet, flagged now."""
    flag = field.replace("_due_at", "_breached_at")
    # A case waiting for the customer has its clock stopped (its due moments move on resuming).
    due = Q(
        **{f"{field}__lt": now, f"{flag}__isnull": True, f"{done}__isnull": True},
        waiting_since__isnull=True,
    )
    rows = list(
        ServiceCase.objects.select_for_update(no_key=True, of=("self",), skip_locked=True)
        .filter(due, state__in=ServiceCase.OPEN_STATES)
        .select_related("customer", "team")
        .order_by("pk")
    )
    if rows:
        ServiceCase.objects.filter(pk__in=[c.pk for c in rows]).update(**{flag: now})
    return rows


def _escalations(
    breached: list[tuple[ServiceCase, Promise, str]], crews: dict[int, list[Employee]]
) -> list[Finding]:
    """A task for each supervisor and one notice per breach, all written at once."""
    specs, notices, findings = [], [], []
    for case, template, field in breached:
        due = timezone.localtime(getattr(case, field)).strftime("%Y-%m-%d %H:%M")
        title = Message(template, number=case.number, customer=case.customer.name, due=due)
        url = f"/service/cases/{case.pk}/"
        crew = crews[case.team_id]
        specs += [
            inbox.TaskSpec(supervisor, BREACH_TASK, title, case, url=url, clause="SVC-2")
            for supervisor in crew
        ]
        notices.append(inbox.Notice(crew, title, url=url, source=case))
        findings.append(Finding(str(title), clause="SVC-2", url=url))
    inbox.open_tasks(specs)
    inbox.notify_each(notices)
    return findings


@transactional
def breaches() -> list[Finding]:
    """Flag and escalate the cases past a due moment since the last run: each breach once."""
    now = timezone.now()
    breached: list[tuple[ServiceCase, Promise, str]] = []
    for field, done, template in (
        ("response_due_at", "first_responded_at", RESPONSE),
        ("resolution_due_at", "resolved_at", RESOLUTION),
    ):
        breached += [(case, template, field) for case in _breached(field, done, now)]
    crews: dict[int, list[Employee]] = {}
    for case, _template, _field in breached:
        if case.team_id not in crews:
            crews[case.team_id] = supervisors(case.team)
    return _escalations(breached, crews)
