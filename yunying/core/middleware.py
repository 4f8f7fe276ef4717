from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from . import errorpages
from .models import Employee


class CurrentEmployeeMiddleware:
    """Puts the logged-in user's employee record on ``request.employee`` (or ``None``), and
    refuses input no view can use (:func:`refused_parameter`) with a 400 naming it."""

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
        name = refused_parameter(request)
        if name is not None:
            return errorpages.invalid_parameter(
                request, name, _("The value holds a NUL character, which is not allowed.")
            )
        return self.get_response(request)


def refused_parameter(request: HttpRequest) -> str | None:
    """The name of the first query parameter (and, on a page, form field) whose name or value
    holds a NUL character, or ``None``. No text can hold one (PostgreSQL refuses it in a query,
    as in a row), so refusing it here, once, keeps every search and filter from a 500.
    An API request's body is checked once DRF has parsed it (``core.apibase.nul_field``)."""
    sources = [request.GET]
    if request.method == "POST" and not errorpages.is_api(request):
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in v for v in values if isinstance(v, str)):
                return name.replace("\x00", "")
    return None


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
