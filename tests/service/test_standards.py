"""Service standards (SVC-2): due moments on the working calendar (weekends, holidays, make-up
working days), the clock paused while the case waits for the customer, breaches escalated once
to the team's supervisor, and the check's cost with many open cases."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.sales_steps import customer
from tests.stock import person
from yunying.core.models import CalendarDay, Notification, Task
from yunying.service.models import ServiceCase
from yunying.service.services import escalation, standards
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

pytestmark = [pytest.mark.django_db, pytest.mark.clause("SVC-2")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def opened(kind: str, priority: str, moment: str) -> ServiceCase:
    case = open_case(
        NewCase(
            kind=kind,
            channel="wechat",
            customer=customer("C001"),
            subject="咨询",
            priority=priority,
        ),
        actor=person("cs_lead"),
    )
    case.opened_at = at(moment)
    standards.set_due(case)
    return case


@pytest.mark.parametrize(
    ("kind", "priority", "moment", "response", "resolution"),
    [
        # Friday evening: one hour on Friday, the rest from Monday (weekend)
        ("inquiry", "normal", "2026-03-06 17:00", "2026-03-09 12:00", "2026-03-11 17:00"),
        # the day before 劳动节 (May 1–5, with Saturday May 2 not worked)
        ("complaint", "normal", "2026-04-30 17:00", "2026-05-06 10:00", "2026-05-08 17:00"),
        # the make-up Saturday May 9 is worked
        ("inquiry", "high", "2026-05-08 17:00", "2026-05-09 10:00", "2026-05-11 17:00"),
    ],
)
def test_due_moments_count_working_hours_on_the_calendar(
    kind: str, priority: str, moment: str, response: str, resolution: str
) -> None:
    assert CalendarDay.objects.filter(date=datetime.date(2026, 5, 9)).exists()
    case = opened(kind, priority, moment)
    assert (case.response_due_at, case.resolution_due_at) == (at(response), at(resolution))


def test_waiting_for_the_customer_pauses_the_clock() -> None:
    case = opened("inquiry", "normal", "2026-03-02 09:00")
    assert case.resolution_due_at == at("2026-03-04 18:00")
    standards.pause(case, at("2026-03-02 10:00"))
    standards.resume(case, at("2026-03-03 10:00"))  # eight working hours waited
    assert case.paused_hours == Decimal("8.00") and case.waiting_since is None
    assert case.resolution_due_at == at("2026-03-05 18:00")


def test_the_waiting_state_stops_and_restarts_the_clock() -> None:
    lead = person("cs_lead")
    case = act(case=opened("inquiry", "normal", "2026-03-02 09:00"), verb="start", actor=lead)
    case = act(case=case, verb="wait", actor=lead)
    assert case.state == "waiting_customer" and case.waiting_since is not None
    case = act(case=case, verb="resume", actor=lead)
    assert case.state == "in_progress" and case.waiting_since is None


def test_a_breach_is_escalated_to_the_supervisor_once() -> None:
    case = opened("complaint", "urgent", "2026-03-02 09:00")
    case.save()
    lead = person("cs_lead")
    first = escalation.breaches()
    assert [f.clause for f in first] == ["SVC-2", "SVC-2"]  # response and resolution
    case.refresh_from_db()
    assert case.response_breached_at and case.resolution_breached_at
    tasks = Task.objects.filter(assignee=lead, kind=escalation.BREACH_TASK, source_id=str(case.pk))
    notes = Notification.objects.filter(recipient=lead, title__contains=case.number)
    assert tasks.count() == 1 and notes.count() == 2
    assert escalation.breaches() == []
    assert tasks.count() == 1 and notes.count() == 2


def test_a_case_answered_in_time_is_not_flagged() -> None:
    case = opened("inquiry", "normal", "2026-03-02 09:00")
    case.response_due_at = case.resolution_due_at = timezone.now() + datetime.timedelta(hours=1)
    case.save()
    assert escalation.breaches() == []


def test_the_check_reads_the_breaches_without_reading_every_open_case() -> None:
    """The due moments are stored when a case changes: the check asks the index for the cases
    past them, in a fixed number of statements however many cases are open (its speed over
    10,000 open cases is a benchmark, not a test)."""
    model = opened("inquiry", "normal", "2026-03-02 09:00")
    later = timezone.now() + datetime.timedelta(days=3)
    ServiceCase.objects.bulk_create(
        ServiceCase(
            number=f"SC-T-{n:05d}",
            kind="inquiry",
            state="open",
            channel="phone",
            subject="咨询",
            customer_id=model.customer_id,
            team_id=model.team_id,
            assignee_id=model.assignee_id,
            department_id=model.department_id,
            created_by_id=model.created_by_id,
            opened_at=model.opened_at,
            response_due_at=later,
            resolution_due_at=later,
        )
        for n in range(1_000)
    )
    model.save()
    with CaptureQueriesContext(connection) as statements:
        found = escalation.breaches()
    assert len(found) == 2
    # Escalating the two breaches writes their flags, tasks and notifications; the thousand
    # cases not yet due cost nothing.
    assert len(statements.captured_queries) < 40


def _breaches_in(count: int) -> int:
    for _n in range(count):
        opened("complaint", "urgent", "2026-03-02 09:00").save()
    with CaptureQueriesContext(connection) as statements:
        found = escalation.breaches()
    assert len(found) == 2 * count
    return len(statements.captured_queries)


def test_escalating_many_breaches_costs_what_escalating_one_does() -> None:
    """Tasks and notices of one run are written together: thirty breaches take the statements
    one takes, and every supervisor still gets a task and the news of each."""
    one = _breaches_in(1)
    thirty = _breaches_in(30)
    assert thirty == one
    lead = person("cs_lead")
    assert Task.objects.filter(assignee=lead, kind=escalation.BREACH_TASK).count() == 31
    assert Notification.objects.filter(recipient=lead, title__contains="SC-").count() == 62


def test_a_case_waiting_for_the_customer_is_not_flagged() -> None:
    lead = person("cs_lead")
    case = act(case=opened("inquiry", "urgent", "2026-03-02 09:00"), verb="start", actor=lead)
    case = act(case=case, verb="wait", actor=lead)
    ServiceCase.objects.filter(pk=case.pk).update(
        resolution_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert escalation.breaches() == []
