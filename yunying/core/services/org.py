"""Organisation: departments, positions, employees (ORG-1, ORG-2).

Who holds which permission changes only by approved change documents (ORG-3): a position's
duties, permissions and head/leader flags by a position change (``services.position_change``),
an employee's positions by an assignment change (``services.assignment``). Without an actor
(setting up a new company with ``yunying`` commands) positions, flags and permissions are given
at once: ``bootstrap_permissions`` and the ``actor=None`` paths below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from .. import access
from ..errors import Conflict, RuleViolation, ValidationFailed
from ..models import DataScope, Department, Employee, Position, PositionPermission
from ..tx import transactional
from . import audit

MANAGE_ORG = "core.manage_org"
MANAGE_EMPLOYEE = "core.manage_employee"
EMPLOYEE_FIELDS = ("name", "department_id", "superior_id", "monthly_salary", "email", "phone")


def _required(value: str, field: str) -> str:
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
    code, name = _required(code, "code"), _required(name, "name")
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
    name = _required(name, "name")
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
    code, name = _required(code, "code"), _required(name, "name")
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


def check_positions(employee: Employee | None, positions: list[Position]) -> None:
    """ORG-1: every employee holds a position; a position holds at most its headcount."""
    if not positions:
        raise ValidationFailed(_("An employee holds at least one position."), field="positions")
    locked = Position.objects.select_for_update(no_key=True).filter(
        pk__in=[p.pk for p in positions if p.headcount]
    )
    for position in locked.order_by("pk"):
        holders = position.holders.filter(active=True)
        if employee is not None:
            holders = holders.exclude(pk=employee.pk)
        if holders.count() >= (position.headcount or 0):
            raise RuleViolation(
                _("%(position)s is held by at most %(count)s person(s).")
                % {"position": position, "count": position.headcount},
                clause="ORG-1",
                field="positions",
            )


def _salary(value: Decimal | str | int) -> Decimal:
    try:
        salary = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Enter a number."), field="monthly_salary") from None
    if salary < 0 or not salary.is_finite():
        raise ValidationFailed(_("The salary cannot be negative."), field="monthly_salary")
    return salary.quantize(Decimal("0.01"))


def _check_superior(employee: Employee | None, superior: Employee | None) -> None:
    node = superior
    while node is not None:
        if employee is not None and node.pk == employee.pk:
            raise ValidationFailed(
                _("The superior cannot report to this employee."), field="superior"
            )
        node = node.superior


@transactional
def create_employee(
    *,
    username: str,
    password: str,
    name: str,
    employee_no: str,
    department: Department,
    positions: Iterable[Position],
    actor: Employee | None,
    superior: Employee | None = None,
    monthly_salary: Decimal | str | int = 0,
    email: str = "",
    phone: str = "",
) -> Employee:
    if actor is not None:
        access.require_department(actor, MANAGE_EMPLOYEE, department)
    username = _required(username, "username")
    name, employee_no = _required(name, "name"), _required(employee_no, "employee_no")
    try:
        validate_password(password)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from None
    positions = list(positions)
    salary = _salary(monthly_salary)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationFailed(
            _("The username “%(username)s” is taken.") % {"username": username},
            field="username",
        )
    if Employee.objects.filter(employee_no=employee_no).exists():
        raise ValidationFailed(
            _("The employee number “%(number)s” is taken.") % {"number": employee_no},
            field="employee_no",
        )
    check_positions(None, positions)
    user = user_model.objects.create_user(username=username, password=password, email=email)
    try:
        employee = Employee.objects.create(
            user=user,
            name=name,
            employee_no=employee_no,
            department=department,
            superior=superior,
            monthly_salary=salary,
            email=email,
            phone=phone,
        )
    except IntegrityError as error:
        raise Conflict(str(error)) from None
    audit.record(
        actor=actor,
        action="core.create_employee",
        obj=employee,
        changes={
            "employee_no": employee_no,
            "department": department.code,
            "positions": sorted(p.code for p in positions),
            "superior": superior.employee_no if superior else None,
        },
        clause="ORG-1",
    )
    if actor is None:  # a new company being set up
        employee.positions.set(positions)
    else:  # the account holds its positions once the assignment is approved (ORG-3)
        from .assignment import request_assignment

        request_assignment(
            employee=employee,
            positions=positions,
            reason=_("New employee %(employee)s") % {"employee": employee.name},
            actor=actor,
        )
    return employee


@transactional
def update_employee(
    *,
    employee: Employee,
    actor: Employee,
    name: str,
    department: Department,
    positions: Iterable[Position],
    superior: Employee | None,
    monthly_salary: Decimal | str | int,
    email: str = "",
    phone: str = "",
    reason: str = "",
) -> Employee:
    """Change an employee's record at once; a different set of positions goes to approval as
    an assignment change (ORG-3) and the employee keeps their positions until it is approved."""
    access.require_in_scope(actor, MANAGE_EMPLOYEE, employee)
    access.require_department(actor, MANAGE_EMPLOYEE, department)
    name = _required(name, "name")
    positions = list(positions)
    salary = _salary(monthly_salary)
    employee = Employee.objects.select_for_update(no_key=True).get(pk=employee.pk)
    _check_superior(employee, superior)
    if not positions:
        raise ValidationFailed(_("An employee holds at least one position."), field="positions")
    held = sorted(employee.positions.values_list("code", flat=True))
    before = audit.snapshot(employee, EMPLOYEE_FIELDS)
    employee.name, employee.department, employee.superior = name, department, superior
    employee.monthly_salary, employee.email, employee.phone = salary, email, phone
    employee.save()
    if sorted(p.code for p in positions) != held:
        from .assignment import request_assignment

        request_assignment(employee=employee, positions=positions, reason=reason, actor=actor)
    after = audit.snapshot(employee, EMPLOYEE_FIELDS)
    audit.record(
        actor=actor,
        action="core.update_employee",
        obj=employee,
        changes=audit.diff(before, after),
        clause="ORG-1",
    )
    return employee


@transactional
def set_active(*, employee: Employee, active: bool, actor: Employee) -> Employee:
    access.require_in_scope(actor, MANAGE_EMPLOYEE, employee)
    if employee.pk == actor.pk and not active:
        raise ValidationFailed(_("You cannot deactivate yourself."), field="active")
    employee = Employee.objects.select_for_update(no_key=True).get(pk=employee.pk)
    if employee.active == active:
        return employee
    employee.active = active
    employee.save(update_fields=["active"])
    employee.user.is_active = active
    employee.user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="core.activate_employee" if active else "core.deactivate_employee",
        obj=employee,
        changes={"active": [not active, active]},
    )
    return employee


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
