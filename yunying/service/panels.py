"""The service part of the customer file on the customer page of master data
(``masterdata.panels``, SVC-4): the customer's latest service cases with the number still open,
and its satisfaction (average score, latest answers), for readers of service cases, each within
their scope (ORG-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, Window

from yunying.core.models import Employee
from yunying.masterdata import panels
from yunying.masterdata.models import Customer, Supplier

from .models import ServiceCase
from .selectors import cases_visible_to, holds_any
from .selectors.surveys import surveys_visible_to

LATEST = 5


def _cases(actor: Employee, customer: Customer) -> dict[str, Any]:
    """The latest cases and the count of open ones, in one query (a window count)."""
    opened = Q(state__in=ServiceCase.OPEN_STATES)
    rows = (
        cases_visible_to(actor)
        .filter(customer=customer)
        .annotate(open_count=Window(Count("pk", filter=opened)), total=Window(Count("pk")))
        .order_by("-created_at", "-id")[:LATEST]
    )
    listed = list(rows)
    first: Any = listed[0] if listed else None
    return {
        "rows": listed,
        "open": first.open_count if first else 0,
        "total": first.total if first else 0,
    }


def _satisfaction(actor: Employee, customer: Customer) -> dict[str, Any]:
    """The latest answers and the average score of all answered, in one query."""
    rows = (
        surveys_visible_to(actor)
        .filter(customer=customer, answered_at__isnull=False)
        .annotate(average=Window(Avg("score")), answer_count=Window(Count("pk")))
        .order_by("-answered_at", "-id")[:LATEST]
    )
    listed = list(rows)
    first: Any = listed[0] if listed else None
    return {
        "rows": listed,
        "average": first.average if first else None,
        "answered": first.answer_count if first else 0,
    }


def service_file(actor: Employee, party: Customer | Supplier) -> panels.Panel | None:
    if not isinstance(party, Customer) or not holds_any(actor):
        return None
    return panels.Panel(
        "service/_customer_file.html",
        {
            "party": party,
            "cases": _cases(actor, party),
            "satisfaction": _satisfaction(actor, party),
        },
    )


def register() -> None:
    panels.register(service_file)
