from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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


class LanguageMiddleware:
    """Chinese unless the user chose otherwise: the language comes from the language switch
    (its cookie), not from the browser's Accept-Language, so zh-hans is the default for all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
