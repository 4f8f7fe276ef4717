"""Reading service cases, scoped by access (ORG-2): an agent sees the cases assigned to them,
a supervisor their team's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yunying.core import access
from yunying.core.models import Employee

from ..models import ComplaintCause, ServiceCase

VIEW = "service.view_case"
HANDLE = "service.handle_case"
READERS = (VIEW, HANDLE)


def cases_visible_to(actor: Employee | None) -> QuerySet[ServiceCase]:
    rows = ServiceCase.objects.select_related("customer", "assignee", "team")
    seen = access.scope_filter(ServiceCase, actor, VIEW)
    handled = access.scope_filter(ServiceCase, actor, HANDLE)
    if seen is None or handled is None:
        return rows
    return rows.filter(seen | handled)


def case_list(actor: Employee, filters: dict[str, Any]) -> QuerySet[ServiceCase]:
    rows = cases_visible_to(actor)
    for key in ("kind", "state", "priority", "channel"):
        if filters.get(key):
            rows = rows.filter(**{key: filters[key]})
    if filters.get("q"):
        text = filters["q"]
        rows = rows.filter(
            Q(number__icontains=text)
            | Q(subject__icontains=text)
            | Q(customer__name__icontains=text)
        )
    if filters.get("customer"):
        rows = rows.filter(customer_id=filters["customer"])
    if filters.get("breached"):
        rows = rows.exclude(response_breached_at__isnull=True, resolution_breached_at__isnull=True)
    return rows


def active_causes() -> QuerySet[ComplaintCause]:
    return ComplaintCause.objects.filter(active=True)


def holds_any(actor: Employee | None) -> bool:
    return any(access.has_perm(actor, code) for code in READERS)
