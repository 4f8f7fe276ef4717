"""Core's own lists as ``core.lists`` describes them: the employee list (sorting and saved
filters; its download, with salaries for those who may see them, is ``core.exports``) and the
audit trail (its download audited: who took the trail away, ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from . import access, selectors
from .audit_vocabulary import ACTIONS
from .lists import Column, ListSpec
from .models import AuditEvent, Department, Employee
from .params import as_id


def employee_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Employee]:
    """The employees ``actor`` may see, searched by name, number or user name and limited to a
    department with the departments below it."""
    rows = selectors.employees_visible_to(actor)
    q = str(params.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(name__icontains=q) | Q(employee_no__icontains=q) | Q(user__username__icontains=q)
        )
    department_pk = as_id(params.get("department"))
    if department_pk is not None:
        department = Department.objects.filter(pk=department_pk).first()
        if department:
            rows = rows.filter(department__path__startswith=department.path)
    return rows


EMPLOYEES = ListSpec(
    name="core.employees",
    title=_("Employees"),
    url_name="core:employees",
    rows=employee_rows,
    sorts={
        "number": ("employee_no",),
        "name": ("name",),
        "department": ("department__code",),
    },
    default=("employee_no", "id"),
    columns=(),
    may_read=lambda actor: access.has_perm(actor, selectors.VIEW_EMPLOYEE),
    export=False,
)


def audit_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[AuditEvent]:
    """The trail searched by action, object, person or clause; ``changes_text`` is the changes
    as the trail keeps them, for the file."""
    rows = selectors.audit_events().annotate(changes_text=Cast("changes", TextField()))
    q = str(params.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(action__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(actor_name__icontains=q)
            | Q(clause__iexact=q)
        )
    return rows


AUDIT = ListSpec(
    name="core.audit",
    title=_("Audit trail"),
    url_name="core:audit",
    rows=audit_rows,
    # The trail pages by cursor down its sequence (unique), newest first by default.
    sorts={"seq": ("seq",)},
    default=("-seq", "-id"),
    columns=(
        Column(_("Sequence"), "seq"),
        Column(_("Time"), "occurred_at"),
        Column(_("Actor"), "actor_name"),
        Column(_("Action"), "action", choices=tuple(ACTIONS.items())),
        Column(_("Object type"), "object_type", text=True),
        Column(_("Object"), "object_repr"),
        Column(_("Clause"), "clause", text=True),
        Column(_("Changes"), "changes_text"),
    ),
    may_read=lambda actor: access.has_perm(actor, "core.view_audit"),
    what="core.auditevent",
)

SPECS = (EMPLOYEES, AUDIT)
