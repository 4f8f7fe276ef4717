from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    employee = getattr(request, "employee", None)
    if employee is None:
        return {"menu": [], "employee": None}
    return {"menu": menu_for(request, employee), "employee": employee}
