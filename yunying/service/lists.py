"""The service case list as ``core.lists`` describes it: its filters, sortable columns and the
columns of its Excel download."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core import access
from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee
from yunying.core.params import as_id

from .models import ServiceCase
from .selectors import READERS, case_list


def case_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[ServiceCase]:
    filters: dict[str, Any] = {
        key: str(params.get(key) or "") for key in ("kind", "state", "priority", "q")
    }
    filters["breached"] = str(params.get("breached") or "") == "1"
    filters["customer"] = as_id(params.get("customer"))
    return case_list(actor, filters)


CASES = ListSpec(
    name="service.cases",
    title=_("Service cases"),
    url_name="service:cases",
    rows=case_rows,
    sorts={
        "number": ("number",),
        "customer": ("customer__code",),
        "opened": ("opened_at",),
        "priority": ("priority",),
        "state": ("state",),
        "resolution_due": ("resolution_due_at",),
    },
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Kind"), "kind", choices=ServiceCase.Kind.choices),
        Column(_("Channel"), "channel", choices=ServiceCase.Channel.choices),
        Column(_("Priority"), "priority", choices=ServiceCase.Priority.choices),
        Column(_("Customer code"), "customer__code", text=True),
        Column(_("Customer"), "customer__name"),
        Column(_("Subject"), "subject"),
        Column(_("Order"), "order__number", text=True),
        Column(_("Delivery"), "delivery__number", text=True),
        Column(_("Assignee"), "assignee__name"),
        Column(_("State"), "state", choices=ServiceCase.State.choices),
        Column(_("Opened at"), "opened_at"),
        Column(_("Response due"), "response_due_at"),
        Column(_("Resolution due"), "resolution_due_at"),
        Column(_("Resolved at"), "resolved_at"),
    ),
    may_read=lambda actor: any(access.has_perm(actor, code) for code in READERS),
    what="service.servicecase",
    filename="service-cases",
)
