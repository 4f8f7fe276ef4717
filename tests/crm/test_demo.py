"""The demo's customer relations: months of contacts with follow-ups, the older ones done, and
about thirty competitors' prices for four products over time."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from yunying.core.models import Employee
from yunying.crm.models import Competitor, ContactRecord, FollowUp, MarketIntel
from yunying.demo.crm import build_crm

pytestmark = pytest.mark.django_db


@pytest.mark.clause("COMM-3")
@pytest.mark.clause("MKT-1")
def test_demo_builds_contacts_and_intelligence(db: Any) -> None:
    people = {e.user.username: e for e in Employee.objects.select_related("user", "department")}
    today = timezone.localdate()
    build_crm(people, today - datetime.timedelta(weeks=16), today)
    assert ContactRecord.objects.filter(customer__isnull=False).count() >= 10
    assert ContactRecord.objects.filter(supplier__isnull=False).exists()
    states = set(FollowUp.objects.values_list("task__state", flat=True))
    assert states == {"open", "done"}
    assert Competitor.objects.count() == 3
    assert 28 <= MarketIntel.objects.count() <= 36
    assert MarketIntel.objects.values("product").distinct().count() == 4
