"""The demo's service cases: each kind, some closed, some open, and the breach check finds the
open ones past their standard once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yunying.core.models import Employee
from yunying.demo.service import build_service
from yunying.service.models import ServiceCase
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
