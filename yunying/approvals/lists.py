"""The approval list as ``core.lists`` describes it: the requests waiting for the reader, those
they submitted or decided, or all they may see; its sorts and Excel columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee

from . import selectors
from .models import ApprovalRequest

VIEWS = ("pending", "submitted", "decided", "all")


def request_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[ApprovalRequest]:
    """``view``: pending for the reader (the default), submitted by them, decided by them, or
    all they may see; ``state`` a request state."""
    view = str(params.get("view") or "pending")
    rows = selectors.visible_requests(actor)
    if view == "pending":
        rows = rows.filter(pk__in=selectors.pending_for(actor).values("step__request_id"))
    elif view == "submitted":
        rows = rows.filter(requester=actor)
    elif view == "decided":
        rows = rows.filter(actions__actor=actor).exclude(requester=actor).distinct()
    state = str(params.get("state") or "")
    if state in ApprovalRequest.State.values:
        rows = rows.filter(state=state)
    return rows


REQUESTS = ListSpec(
    name="approvals.requests",
    title=_("Approvals"),
    url_name="approvals:list",
    rows=request_rows,
    sorts={
        "document": ("document_number",),
        "title": ("title",),
        "amount": ("amount",),
        "state": ("state",),
        "submitted": ("submitted_at",),
    },
    default=("-submitted_at", "-id"),
    columns=(
        Column(_("Document"), "document_number", text=True),
        Column(_("Title"), "title"),
        Column(_("Requester"), "requester__name"),
        Column(_("Department"), "department__name"),
        Column(_("Amount"), "amount"),
        Column(_("State"), "state", choices=ApprovalRequest.State.choices),
        Column(_("Submitted"), "submitted_at"),
        Column(_("Decided"), "decided_at"),
    ),
    may_read=lambda actor: True,  # everyone sees their own requests and tasks
    what="approvals.approvalrequest",
    filename="approvals",
)

SPECS = (REQUESTS,)
