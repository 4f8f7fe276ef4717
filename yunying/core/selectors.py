"""Reading the organisation, scoped by the access mechanism (ORG-2)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from . import access
from .models import (
    AuditEvent,
    Company,
    Department,
    Employee,
    Notification,
    Position,
    PositionChange,
    PositionPermission,
    Task,
)

VIEW_EMPLOYEE = "core.view_employee"
VIEW_SALARY = "core.view_salary"
VIEW_CHANGE = "core.view_position_change"


def company() -> Company | None:
    return Company.objects.first()


def departments() -> QuerySet[Department]:
    return Department.objects.select_related("parent").order_by("path")


def department_tree() -> list[dict[str, object]]:
    """Departments as nested dicts with their positions and head count, in tree order."""
    nodes: dict[int, dict[str, object]] = {}
    roots: list[dict[str, object]] = []
    positions = Position.objects.order_by("-is_head", "name").prefetch_related(
        Prefetch("holders", queryset=Employee.objects.filter(active=True).only("id", "name"))
    )
    for department in departments().prefetch_related(Prefetch("positions", queryset=positions)):
        node: dict[str, object] = {"department": department, "children": []}
        nodes[department.pk] = node
        parent = nodes.get(department.parent_id) if department.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent["children"].append(node)  # type: ignore[attr-defined]
    return roots


def positions() -> QuerySet[Position]:
    return Position.objects.select_related("department").prefetch_related("permissions")


def position_permissions(position: Position) -> QuerySet[PositionPermission]:
    return position.permissions.order_by("code")


def employees_visible_to(actor: Employee) -> QuerySet[Employee]:
    return access.scope(
        Employee.objects.select_related("department", "superior", "user").prefetch_related(
            "positions"
        ),
        actor,
        VIEW_EMPLOYEE,
    )


def salary_visible_ids(actor: Employee, employees: QuerySet[Employee]) -> set[int]:
    """Which of ``employees`` the actor may see the salary of (ORG-4), in one query."""
    if not access.has_perm(actor, VIEW_SALARY):
        return set()
    ids = access.scope(Employee.objects.filter(pk__in=employees.values("pk")), actor, VIEW_SALARY)
    return set(ids.values_list("pk", flat=True))


def position_changes_visible_to(actor: Employee) -> QuerySet[PositionChange]:
    """Changes the actor drafted, or sees through ``core.view_position_change`` in scope."""
    scoped = access.scope_filter(PositionChange, actor, VIEW_CHANGE)
    changes = PositionChange.objects.select_related(
        "position__department", "created_by", "department"
    ).prefetch_related("lines")
    if scoped is None:
        return changes
    return changes.filter(Q(created_by=actor) | scoped)


def position_history(position: Position) -> QuerySet[PositionChange]:
    return position.changes.filter(state=PositionChange.State.APPROVED).order_by("-applied_at")


def notifications_of(employee: Employee) -> QuerySet[Notification]:
    """The employee's notifications still in the inbox (not dismissed), newest first."""
    return Notification.objects.filter(recipient=employee, dismissed_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def unread_notifications(employee: Employee) -> QuerySet[Notification]:
    return notifications_of(employee).filter(read_at__isnull=True)


def departments_of(employee: Employee) -> set[int]:
    """The departments the employee works in: their own and those of the positions they hold
    (a department's tasks reach all of them). Loaded once per employee object."""
    cached: set[int] | None = getattr(employee, "_departments", None)
    if cached is None:
        cached = {employee.department_id}
        cached.update(
            Position.objects.filter(holders=employee).values_list("department_id", flat=True)
        )
        employee._departments = cached  # type: ignore[attr-defined]
    return cached


def tasks_of(employee: Employee) -> QuerySet[Task]:
    """The employee's tasks and those of their departments."""
    return Task.objects.filter(
        Q(assignee=employee) | Q(department_id__in=departments_of(employee))
    ).select_related("department")


def open_tasks(employee: Employee) -> QuerySet[Task]:
    return tasks_of(employee).filter(state=Task.State.OPEN)


def audit_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-seq")


def position_change_rows(change: PositionChange) -> list[dict[str, object]]:
    """Each permission touched by the change: its scope before and after (ORG-3)."""
    if change.state == PositionChange.State.APPROVED:
        before = dict(change.before.get("permissions", {}))
    else:
        before = dict(change.position.permissions.values_list("code", "scope"))
    after = {line.code: line.scope for line in change.lines.all()}
    rows = []
    for code in sorted(set(before) | set(after)):
        definition = access.permission(code)
        rows.append(
            {
                "code": code,
                "label": definition.label if definition else code,
                "before": before.get(code, ""),
                "after": after.get(code, ""),
            }
        )
    return rows
