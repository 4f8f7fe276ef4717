"""The organisation's own documents in the document shell (``core.documents``): position
changes and assignment changes carry attachments (a signed job description), comments and a
timeline like every other document."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from . import access, documents, selectors
from .models import AssignmentChange, Employee, PositionChange

MANAGE_ORG = "core.manage_org"
MANAGE_EMPLOYEE = "core.manage_employee"


def assignment_changes_visible_to(actor: Employee) -> QuerySet[AssignmentChange]:
    """The changes of the employees the actor sees, and the ones they requested."""
    employees = selectors.employees_visible_to(actor).values("pk")
    return AssignmentChange.objects.filter(Q(employee__in=employees) | Q(created_by=actor))


def _change_editor(actor: Employee, change: Any) -> bool:
    return change.created_by_id == actor.pk or access.has_perm(actor, MANAGE_ORG)


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=PositionChange,
            label=gettext_lazy("Position change"),
            visible=selectors.position_changes_visible_to,
            url=lambda change: reverse("core:position_change", args=[change.pk]),
            may_edit=_change_editor,
            closed=documents.open_while("draft", "returned"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=AssignmentChange,
            label=gettext_lazy("Assignment change"),
            visible=assignment_changes_visible_to,
            url=lambda change: reverse("core:employee", args=[change.employee_id]),
            may_edit=documents.editable_with(MANAGE_EMPLOYEE),
            closed=documents.open_while("draft", "returned"),
        )
    )
