"""Changing an open case: a supervisor gives it to another handler of its team (SVC-1); its
handlers make it more urgent, only a supervisor less urgent, and the due moments follow the new
standard on the working calendar (SVC-2)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.sales_steps import customer
from tests.stock import person
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import AuditEvent, Notification, Task
from yunying.service.models import ServiceCase
from yunying.service.services import changes, standards
from yunying.service.services.cases import CASE_TASK, NewCase, open_case
from yunying.service.services.transitions import act

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def agents_case(kind: str = "inquiry", priority: str = "normal") -> ServiceCase:
    case = open_case(
        NewCase(
            kind=kind,
            channel="phone",
            customer=customer("C001"),
            subject="逆变器报警",
            priority=priority,
            assignee=person("cs_agent"),
        ),
        actor=person("cs_lead"),
    )
    assert case.assignee == person("cs_agent")
    return case


def open_tasks(username: str, case: ServiceCase) -> int:
    return Task.objects.filter(
        assignee=person(username), kind=CASE_TASK, source_id=str(case.pk), state="open"
    ).count()


@pytest.mark.clause("SVC-1")
def test_the_supervisor_gives_a_case_to_another_handler_and_the_task_moves_with_it() -> None:
    case = agents_case()
    assert open_tasks("cs_agent", case) == 1
    case = changes.reassign(
        case=case, assignee=person("cs_lead"), reason="郑浩休假", actor=person("cs_lead")
    )
    assert case.assignee == person("cs_lead")
    assert (open_tasks("cs_agent", case), open_tasks("cs_lead", case)) == (0, 1)
    assert Notification.objects.filter(recipient=person("cs_agent"), source_id=str(case.pk))
    event = AuditEvent.objects.get(action="service.case_reassigned")
    assert event.clause == "SVC-1" and event.changes["reason"] == "郑浩休假"


@pytest.mark.clause("SVC-1")
def test_a_case_is_reassigned_only_by_a_supervisor_to_a_handler_of_its_team() -> None:
    case = agents_case()
    with pytest.raises(NotAllowed):
        changes.reassign(
            case=case, assignee=person("cs_lead"), reason="忙不过来", actor=person("cs_agent")
        )
    with pytest.raises(ValidationFailed) as refused:
        changes.reassign(
            case=case, assignee=person("buyer"), reason="转采购", actor=person("cs_lead")
        )
    assert refused.value.field == "assignee"
    with pytest.raises(ValidationFailed) as no_reason:
        changes.reassign(case=case, assignee=person("cs_lead"), reason=" ", actor=person("cs_lead"))
    assert no_reason.value.field == "reason"
    case.refresh_from_db()
    assert case.assignee == person("cs_agent")


def test_a_closed_case_keeps_its_handler() -> None:
    case = agents_case()
    case = act(case=case, verb="resolve", resolution="已解答", actor=person("cs_agent"))
    case = act(case=case, verb="close", actor=person("cs_agent"))
    with pytest.raises(ValidationFailed) as refused:
        changes.reassign(
            case=case, assignee=person("cs_lead"), reason="回访", actor=person("cs_lead")
        )
    assert refused.value.field == "case"


@pytest.mark.clause("SVC-2")
def test_a_higher_priority_brings_the_due_moments_forward_on_the_calendar() -> None:
    case = agents_case()
    # Opened on Friday 2026-03-06 at 16:00: normal inquiries are answered within 4 working
    # hours (Monday 11:00), urgent ones within 1 (Friday 17:00).
    case.opened_at = datetime.datetime(2026, 3, 6, 16, tzinfo=SHANGHAI)
    standards.set_due(case)
    case.save()
    assert case.response_due_at == datetime.datetime(2026, 3, 9, 11, tzinfo=SHANGHAI)
    case = changes.change_priority(
        case=case, priority="urgent", reason="客户停产", actor=person("cs_agent")
    )
    assert case.priority == "urgent"
    assert case.response_due_at == datetime.datetime(2026, 3, 6, 17, tzinfo=SHANGHAI)
    stored = ServiceCase.objects.get(pk=case.pk)
    assert stored.response_due_at == case.response_due_at
    assert AuditEvent.objects.get(action="service.case_priority").clause == "SVC-2"


@pytest.mark.clause("SVC-2")
def test_only_a_supervisor_makes_a_case_less_urgent() -> None:
    case = agents_case(priority="high")
    due = case.response_due_at
    with pytest.raises(ValidationFailed) as refused:
        changes.change_priority(case=case, priority="low", reason="不急", actor=person("cs_agent"))
    assert (refused.value.field, refused.value.clause) == ("priority", "SVC-2")
    case.refresh_from_db()
    assert (case.priority, case.response_due_at) == ("high", due)
    case = changes.change_priority(
        case=case, priority="low", reason="客户确认不急", actor=person("cs_lead")
    )
    assert case.priority == "low" and case.response_due_at > due


def test_the_case_page_and_the_api_change_handler_and_priority(web, api) -> None:
    case = agents_case()
    lead = web("cs_lead")
    page = lead.get(f"/service/cases/{case.pk}/").content.decode()
    assert 'id="reassign-form"' in page and 'id="priority-form"' in page
    agent_page = web("cs_agent").get(f"/service/cases/{case.pk}/").content.decode()
    assert 'id="reassign-form"' not in agent_page and 'id="priority-form"' in agent_page
    lead.post(
        f"/service/cases/{case.pk}/reassign/",
        {"assignee": person("cs_lead").pk, "reason": "郑浩休假"},
    )
    case.refresh_from_db()
    assert case.assignee == person("cs_lead")
    missing = lead.post(f"/service/cases/{case.pk}/priority/", {"priority": "urgent"}, follow=True)
    assert missing.status_code == 200
    case.refresh_from_db()
    assert case.priority == "normal"
    answer = api("cs_lead").post(
        f"/api/v1/service-cases/{case.pk}/priority/",
        {"priority": "urgent", "reason": "客户停产"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["priority"] == "urgent"
    bad = api("cs_lead").post(
        f"/api/v1/service-cases/{case.pk}/reassign/",
        {"assignee": person("buyer").pk, "reason": "转采购"},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "assignee"
    refused = api("cs_agent").post(
        f"/api/v1/service-cases/{case.pk}/reassign/",
        {"assignee": person("cs_agent").pk, "reason": "我来"},
        format="json",
    )
    assert refused.status_code in (403, 404)
