"""The project's addresses plus one that fails in each way, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from yunying.core.errors import Busy
from yunying.urls import handler400, handler403, handler404, handler500
from yunying.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def missing(request: HttpRequest) -> HttpResponse:
    raise Http404


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def busy(request: HttpRequest) -> HttpResponse:
    raise Busy()


def broken_context(request: HttpRequest) -> dict[str, object]:
    """A context processor that fails, as one reading the database would with it down."""
    raise RuntimeError("the database is down")


urlpatterns = [
    path("test-errors/403/", forbidden),
    path("test-errors/404/", missing),
    path("test-errors/500/", fault),
    path("test-errors/503/", busy),
    *project_urlpatterns,
]
