"""The demo's service cases: each kind, some closed, some open, and the breach check finds the
open ones past their standard once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from yunying.core.models import AuditEvent, Employee
from yunying.demo.service import build_service
from yunying.demo.service_history import build_service_history
from yunying.service.models import ServiceCase, Survey
from yunying.service.services import escalation

pytestmark = pytest.mark.django_db


@pytest.mark.clause("SVC-1")
def test_demo_builds_cases_of_each_kind(db: Any) -> None:
    people = {e.user.username: e for e in Employee.objects.select_related("user", "department")}
    build_service(people, timezone.localdate())
    kinds = set(ServiceCase.objects.values_list("kind", flat=True))
    assert kinds == {"inquiry", "complaint", "after_sales"}
    states = set(ServiceCase.objects.values_list("state", flat=True))
    assert {"closed", "resolved", "in_progress", "investigating", "open"} <= states
    assert escalation.breaches()
    assert escalation.breaches() == []


@pytest.mark.clause("SVC-4")
def test_demo_history_has_months_of_cases_answered_surveys_and_changes(db: Any) -> None:
    people = {e.user.username: e for e in Employee.objects.select_related("user", "department")}
    today = timezone.localdate()
    build_service(people, today)
    build_service_history(people, today - datetime.timedelta(weeks=16), today)
    closed = ServiceCase.objects.filter(state="closed")
    months = {case.opened_at.strftime("%Y-%m") for case in closed}
    assert closed.count() >= 25 and len(months) >= 3
    assert not closed.filter(resolution="").exists()
    answered = Survey.objects.filter(answered_at__isnull=False)
    assert answered.filter(reason="after_case").count() >= 15
    assert answered.filter(reason="periodic").exists()
    assert {s.score for s in answered} >= {2, 3, 4, 5}
    assert AuditEvent.objects.filter(action="service.case_reassigned").count() == 1
    assert ServiceCase.objects.filter(state__in=ServiceCase.OPEN_STATES, priority="urgent")
