"""Employees (ORG-1): created, edited, activated and deactivated. A new account holds no
position until its assignment change is approved, and a change of an employee's positions is
an assignment change too (ORG-3, ``services.assignment``); only setting up a new company
(``actor=None``) gives positions at once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from .. import access
from ..errors import Conflict, RuleViolation, ValidationFailed
from ..models import Department, Employee, Position
from ..tx import transactional
from . import audit
from .org import required

MANAGE_EMPLOYEE = "core.manage_employee"
EMPLOYEE_FIELDS = ("name", "department_id", "superior_id", "monthly_salary", "email", "phone")


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
    username = required(username, "username")
    name, employee_no = required(name, "name"), required(employee_no, "employee_no")
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
    name = required(name, "name")
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
