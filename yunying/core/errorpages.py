"""What a request gets when it fails outside a view's own error handling.

Under ``/api/`` the answer is always JSON ``{"detail", "code", "clause"}`` (never Django's HTML
pages); elsewhere a page. A conflict with other transactions that outlasted the retries of the
service transaction (``core.tx``) is a 503 with ``Retry-After``: nothing was saved, try again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from . import tx
from .errors import Busy

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def busy_body() -> dict[str, Any]:
    return {"detail": str(Busy().message), "code": Busy.default_code, "clause": None}


def _json(status: int, detail: str, code: str) -> JsonResponse:
    return _answer({"detail": detail, "code": code, "clause": None}, status)


def _answer(body: dict[str, Any], status: int) -> JsonResponse:
    # Chinese as UTF-8, as the API's own answers are.
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _json(400, _("Bad request."), "bad_request")
    return HttpResponse(_("Bad request."), status=400, content_type="text/plain; charset=utf-8")


def invalid_parameter(request: HttpRequest, name: str, message: str) -> HttpResponse:
    """A 400 naming the parameter (or form field) that was refused: the API's error body with
    ``field``, or a page with the message."""
    detail = f"{name}: {message}"
    if is_api(request):
        body = {"detail": detail, "code": "invalid", "clause": None, "field": name}
        return _answer(body, 400)
    return render(request, "400.html", {"message": detail}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _json(403, _("You do not have permission to do this."), "permission_denied")
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _json(404, _("Not found."), "not_found")
    return _page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return _json(500, _("The server failed to answer; nothing was saved."), "server_error")
    # Rendered without the request: no context processor runs, nothing reads the database
    # (which may be what failed). The language is the one the request chose.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def busy(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response: HttpResponse = _answer(busy_body(), 503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(Busy.retry_after)
    return response


_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}


class ErrorAnswersMiddleware:
    """- A conflict that reached the top (not every write path retries: a page may write
      through the ORM in autocommit) becomes a 503 asking to try again, not a 500.
    - Under ``/api/`` an error is JSON even where Django would answer with an HTML page (an
      unknown URL, the debug pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and is_api(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            status = response.status_code
            if status >= 500:
                return server_error(request) if status != 503 else busy(request)
            detail = {404: _("Not found."), 403: _("You do not have permission to do this.")}
            return _json(
                status, str(detail.get(status, _("Bad request."))), _CODES.get(status, "error")
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Busy) or tx.is_transient(exception):
            logger.warning("busy: %s %s: %s", request.method, request.path, exception)
            return busy(request)
        return None
