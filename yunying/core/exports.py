"""Exports of organisation data; every export of protected data is audited (ORG-4)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .excel import build_workbook, xlsx_response
from .models import Employee
from .services.org import record_export


def employees_workbook(actor: Employee, employees: QuerySet[Employee]) -> HttpResponse:
    headers = [
        _("Employee number"),
        _("Name"),
        _("Department"),
        _("Positions"),
        _("Direct superior"),
        _("Email"),
        _("Phone"),
        _("Monthly salary"),
    ]
    rows = []
    salaries = selectors.salary_visible_ids(actor, employees)
    for employee in employees:
        salary = employee.monthly_salary if employee.pk in salaries else ""
        rows.append(
            [
                employee.employee_no,
                employee.name,
                employee.department.name,
                "、".join(p.name for p in employee.positions.all()),
                employee.superior.name if employee.superior else "",
                employee.email,
                employee.phone,
                salary,
            ]
        )
    content = build_workbook(str(_("Employees")), headers, rows)
    record_export(actor=actor, what="core.employee", count=len(rows), filters={})
    return xlsx_response(f"employees-{timezone.localdate():%Y%m%d}.xlsx", content)
