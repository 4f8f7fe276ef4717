"""What every web view shares: who is acting, turning domain errors into messages or form
errors, HTMX-aware redirects, pagination."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url

from . import access, keyset
from .errors import DomainError, NotFound
from .models import Employee
from .pagination import ListPaginator
from .services.exports import record_refused_export

T = TypeVar("T")
M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]  # a download may be a StreamingHttpResponse


def employee_view(view: View) -> View:
    """Logged in, with an active employee record (``request.employee``)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        employee = getattr(request, "employee", None)
        if employee is None or not employee.active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def actor(request: HttpRequest) -> Employee:
    employee: Employee = request.employee  # type: ignore[attr-defined]
    return employee


def require(request: HttpRequest, code: str, *, export: str = "") -> None:
    """403 unless the actor holds ``code``. ``export`` names the protected data the page
    downloads when asked for its file (:func:`asks_for_file`): such a refusal is audited."""
    if not access.has_perm(actor(request), code):
        if export:
            refuse_export(request, export, code)
        raise PermissionDenied


def asks_for_file(request: HttpRequest) -> bool:
    """The list is asked for as a file (``?format=xlsx``, or ``?export=`` one of its tables)."""
    return request.GET.get("format") == "xlsx" or bool(request.GET.get("export"))


def refuse_export(request: HttpRequest, what: str, permission: str) -> None:
    """When the request asks for a file, record that its export of ``what`` was refused for
    lack of ``permission`` (ORG-4: refused exports are audited too)."""
    if asks_for_file(request):
        record_refused_export(
            actor=actor(request),
            what=what,
            permission=permission,
            filters={key: request.GET.get(key, "") for key in request.GET},
        )


def describe(error: DomainError) -> str:
    return f"{error} [{error.clause}]" if error.clause else str(error)


def attempt(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> T | None:
    """Run a service call; on a domain error show it (on the form field it names, or as a
    message) and return ``None``. A record outside the actor's scope is a 404."""
    try:
        result = action()
    except NotFound as error:
        raise Http404(str(error)) from error
    except DomainError as error:
        text = describe(error)
        if form is not None:
            field = error.field if error.field in form.fields else None
            form.add_error(field, text)
        else:
            messages.error(request, text)
        return None
    if success:
        messages.success(request, success)
    return result


def redirect(request: HttpRequest, to: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """A redirect that HTMX follows as a full page load."""
    url = resolve_url(to, *args, **kwargs)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = 50) -> Page[Any]:
    """A numbered page of the list (``?page=``), read through the index on its ordering."""
    return ListPaginator(queryset, per_page).get_page(request.GET.get("page"))


def keyset_paginate(
    request: HttpRequest, queryset: QuerySet[M], ordering: Sequence[str], per_page: int = 50
) -> keyset.KeysetPage[M]:
    """A page of a very long list that continues from ``?cursor=`` (``core.keyset``): newer
    and older pages, no page numbers and no count. A cursor that is not ours shows the first
    page."""
    cursor = request.GET.get("cursor") or None
    try:
        return keyset.paginate(queryset, ordering, cursor, per_page)
    except keyset.InvalidCursor:
        return keyset.paginate(queryset, ordering, None, per_page)


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("cursor", None)
    return params.urlencode()
