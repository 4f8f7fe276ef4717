"""Setting up a company from a description (departments, positions, employees).

Used by ``yunying demo`` and by tests; the regulations are loaded after it by
``policy.services.load_regulations``. Everything it creates goes through the same services
as the application (and so into the audit trail), with no acting employee.
"""

from __future__ import annotations

from typing import Any

from ..models import Company, Department, Employee, Position
from ..tx import transactional
from . import org
from .employees import create_employee


@transactional
def load_organisation(data: dict[str, Any], *, password: str) -> dict[str, Employee]:
    company = data.get("company", {})
    if company and not Company.objects.exists():
        Company.objects.create(
            name=company["name"],
            short_name=company.get("short_name", ""),
            currency=company.get("currency", "CNY"),
        )
    departments: dict[str, Department] = {d.code: d for d in Department.objects.all()}
    for entry in data.get("departments", []):
        if entry["code"] in departments:
            continue
        departments[entry["code"]] = org.create_department(
            code=entry["code"],
            name=entry["name"],
            parent=departments[entry["parent"]] if entry.get("parent") else None,
            actor=None,
            sort_order=len(departments),
        )
    positions: dict[str, Position] = {p.code: p for p in Position.objects.all()}
    for entry in data.get("positions", []):
        if entry["code"] in positions:
            continue
        position = org.create_position(
            department=departments[entry["department"]],
            code=entry["code"],
            name=entry["name"],
            actor=None,
            is_head=entry.get("head", False),
            is_leader=entry.get("leader", False),
            headcount=entry.get("headcount"),
            duties=entry.get("duties", ""),
        )
        if entry.get("permissions"):
            org.bootstrap_permissions(position=position, permissions=entry["permissions"])
        positions[entry["code"]] = position
    employees: dict[str, Employee] = {
        e.user.username: e for e in Employee.objects.select_related("user")
    }
    for entry in data.get("employees", []):
        if entry["username"] in employees:
            continue
        employees[entry["username"]] = create_employee(
            username=entry["username"],
            password=password,
            name=entry["name"],
            employee_no=entry["number"],
            department=departments[entry["department"]],
            positions=[positions[code] for code in entry["positions"]],
            superior=employees[entry["superior"]] if entry.get("superior") else None,
            monthly_salary=entry.get("salary", 0),
            email=entry.get("email", ""),
            actor=None,
        )
    return employees
