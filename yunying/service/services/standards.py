"""Service standards (SVC-2): the working hours a case has until its first response and its
resolution, counted on the working calendar and paused while the case waits for the customer.

The due moments are computed when a case changes and stored on it, so the breach check reads
them down an index instead of computing them case by case.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from yunying.core import calendar
from yunying.policy import selectors as policy

from ..models import ServiceCase

RULE = "service.standards"

# Used until a regulation in force sets the rule (the default regulation sets the same).
DEFAULT_STANDARDS: dict[str, dict[str, dict[str, float]]] = {
    "inquiry": {
        "low": {"response": 8, "resolution": 40},
        "normal": {"response": 4, "resolution": 24},
        "high": {"response": 2, "resolution": 16},
        "urgent": {"response": 1, "resolution": 8},
    },
    "complaint": {
        "low": {"response": 4, "resolution": 40},
        "normal": {"response": 2, "resolution": 24},
        "high": {"response": 1, "resolution": 16},
        "urgent": {"response": 0.5, "resolution": 8},
    },
    "after_sales": {
        "low": {"response": 8, "resolution": 80},
        "normal": {"response": 4, "resolution": 40},
        "high": {"response": 2, "resolution": 24},
        "urgent": {"response": 1, "resolution": 16},
    },
}


def standards() -> dict[str, Any]:
    rule = policy.rule_in_force(RULE)
    return DEFAULT_STANDARDS if rule is None else rule.value


def hours_for(kind: str, priority: str) -> tuple[Decimal, Decimal]:
    """(response, resolution) working hours of a case of ``kind`` and ``priority``."""
    standard = standards()[kind][priority]
    return Decimal(str(standard["response"])), Decimal(str(standard["resolution"]))


def set_due(case: ServiceCase) -> list[str]:
    """Recompute the case's due moments; answers the fields changed."""
    response, resolution = hours_for(case.kind, case.priority)
    paused, clock = case.paused_hours, calendar.WorkingCalendar()
    case.response_due_at = clock.add_working_hours(case.opened_at, response + paused)
    case.resolution_due_at = clock.add_working_hours(case.opened_at, resolution + paused)
    return ["response_due_at", "resolution_due_at"]


def pause(case: ServiceCase, now: datetime.datetime) -> list[str]:
    """The case starts waiting for the customer: the clock stops."""
    case.waiting_since = now
    return ["waiting_since"]


def resume(case: ServiceCase, now: datetime.datetime) -> list[str]:
    """The case stops waiting: the working hours it waited move its due moments later."""
    if case.waiting_since is None:
        return []
    waited = calendar.working_hours_between(case.waiting_since, now)
    case.paused_hours = case.paused_hours + Decimal(waited).quantize(Decimal("0.01"))
    case.waiting_since = None
    return ["waiting_since", "paused_hours", *set_due(case)]
