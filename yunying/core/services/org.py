"""Organisation: departments and positions (ORG-1, ORG-2); employees are in ``employees``.

Who holds which permission changes only by approved change documents (ORG-3): a position's
duties, permissions and head/leader flags by a position change (``services.position_change``),
an employee's positions by an assignment change (``services.assignment``). Without an actor
(setting up a new company with ``yunying`` commands) positions, flags and permissions are given
at once: ``bootstrap_permissions`` and the ``actor=None`` paths below.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .. import access
from ..errors import Conflict, RuleViolation, ValidationFailed
from ..models import DataScope, Department, Employee, Position, PositionPermission
from ..tx import transactional
from . import audit

MANAGE_ORG = "core.manage_org"


def required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("This field is required."), field=field)
    return value


def _set_path(department: Department) -> None:
    prefix = department.parent.path if department.parent_id and department.parent else "/"
    department.path = f"{prefix}{department.pk}/"


@transactional
def create_department(
    *,
    code: str,
    name: str,
    parent: Department | None,
    actor: Employee | None,
    sort_order: int = 0,
) -> Department:
    if actor is not None:
        access.require(actor, MANAGE_ORG)
    code, name = required(code, "code"), required(name, "name")
    if Department.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("A department with code “%(code)s” exists.") % {"code": code}, field="code"
        )
    department = Department.objects.create(
        code=code, name=name, parent=parent, sort_order=sort_order
    )
    _set_path(department)
    department.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="core.create_department",
        obj=department,
        changes={"code": code, "name": name, "parent": parent.code if parent else None},
        clause="ORG-2",
    )
    return department


@transactional
def update_department(
    *,
    department: Department,
    actor: Employee,
    name: str,
    parent: Department | None,
    sort_order: int = 0,
    active: bool = True,
) -> Department:
    access.require(actor, MANAGE_ORG)
    name = required(name, "name")
    department = Department.objects.select_for_update(no_key=True).get(pk=department.pk)
    if parent is not None and parent.path.startswith(department.path):
        raise ValidationFailed(_("A department cannot be moved below itself."), field="parent")
    if not active and department.employees.filter(active=True).exists():
        raise Conflict(_("The department still has active employees."))
    before = audit.snapshot(department, ["name", "parent_id", "sort_order", "active"])
    old_path = department.path
    department.name, department.parent = name, parent
    department.sort_order, department.active = sort_order, active
    _set_path(department)
    department.save()
    if department.path != old_path:
        for child in Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk):
            child.path = department.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    after = audit.snapshot(department, ["name", "parent_id", "sort_order", "active"])
    audit.record(
        actor=actor,
        action="core.update_department",
        obj=department,
        changes=audit.diff(before, after),
        clause="ORG-2",
    )
    return department


@transactional
def create_position(
    *,
    department: Department,
    code: str,
    name: str,
    actor: Employee | None,
    is_head: bool = False,
    is_leader: bool = False,
    headcount: int | None = None,
    duties: str = "",
) -> Position:
    """A new position starts with no permissions and, unless a new company is being set up,
    as neither its department's head nor a company leader: those come by an approved position
    change (ORG-3), as they decide who approves what."""
    if actor is not None:
        access.require(actor, MANAGE_ORG)
        if is_head or is_leader:
            raise RuleViolation(
                _(
                    "A new position is made its department's head or a company leader by a "
                    "position change, once approved."
                ),
                clause="ORG-3",
                field="is_leader" if is_leader else "is_head",
            )
    code, name = required(code, "code"), required(name, "name")
    if is_head:
        headcount = 1
    if headcount is not None and headcount < 1:
        raise ValidationFailed(_("Headcount must be at least 1."), field="headcount")
    if Position.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("A position with code “%(code)s” exists.") % {"code": code}, field="code"
        )
    if is_head and Position.objects.filter(department=department, is_head=True).exists():
        raise RuleViolation(
            _("%(department)s already has its manager position.") % {"department": department},
            clause="ORG-1",
            field="is_head",
        )
    position = Position.objects.create(
        department=department,
        code=code,
        name=name,
        is_head=is_head,
        is_leader=is_leader,
        headcount=headcount,
        duties=duties,
    )
    audit.record(
        actor=actor,
        action="core.create_position",
        obj=position,
        changes={"department": department.code, "code": code, "is_head": is_head},
        clause="ORG-1",
    )
    return position


def validate_permissions(permissions: Mapping[str, str]) -> dict[str, str]:
    """Check codes against the registry and scopes against the data scopes (ORG-2)."""
    clean: dict[str, str] = {}
    for code, scope_value in permissions.items():
        definition = access.permission(code)
        if definition is None:
            raise ValidationFailed(
                _("Unknown permission “%(code)s”.") % {"code": code}, field="permissions"
            )
        if scope_value not in DataScope.values:
            raise ValidationFailed(
                _("Unknown data scope “%(scope)s” for %(code)s.")
                % {"scope": scope_value, "code": code},
                field="permissions",
            )
        clean[code] = scope_value if definition.scoped else DataScope.ALL
    return clean


def replace_permissions(position: Position, permissions: Mapping[str, str]) -> None:
    PositionPermission.objects.filter(position=position).delete()
    PositionPermission.objects.bulk_create(
        PositionPermission(position=position, code=code, scope=scope_value)
        for code, scope_value in sorted(permissions.items())
    )


@transactional
def bootstrap_permissions(*, position: Position, permissions: Mapping[str, str]) -> None:
    """Give a position its first permissions while a new company is set up (no actor yet)."""
    clean = validate_permissions(permissions)
    if PositionPermission.objects.filter(position=position).exists():
        raise Conflict(
            _("%(position)s already has permissions; change them by a position change.")
            % {"position": position},
            clause="ORG-3",
        )
    replace_permissions(position, clean)
    audit.record(
        actor=None,
        action="core.bootstrap_permissions",
        obj=position,
        changes={"permissions": clean},
        clause="ORG-3",
    )


def record_export(*, actor: Employee, what: str, count: int, filters: Mapping[str, object]) -> None:
    """ORG-4: every export of protected data names who exported what and when."""
    audit.record(
        actor=actor,
        action="core.export",
        target_type=what,
        target_id="*",
        target_repr=what,
        changes={"rows": count, "filters": dict(filters)},
        clause="ORG-4",
    )
