"""What the search box finds in core (``core.search``): employees by number or name, within
the reader's scope of the employee list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import access, search, selectors
from .models import Employee


def employees(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not access.has_perm(actor, selectors.VIEW_EMPLOYEE):
        return []
    return search.find_in(
        selectors.employees_visible_to(actor),
        query,
        limit,
        match=("employee_no", "name"),
        label="employee_no",
        detail=("name", "department__name"),
        url="core:employee",
        order=("employee_no",),
    )


def register() -> None:
    search.register("core.employees", _("Employees"), employees, order=90)
