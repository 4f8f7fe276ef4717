from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import Employee


class CurrentEmployeeMiddleware:
    """Puts the logged-in user's employee record on ``request.employee`` (or ``None``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        employee = None
        if request.user.is_authenticated:
            employee = (
                Employee.objects.select_related("department", "user")
                .filter(user_id=request.user.pk)
                .first()
            )
        request.employee = employee  # type: ignore[attr-defined]
        return self.get_response(request)
