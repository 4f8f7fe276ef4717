"""What every API module shares: the error format, the acting employee, permission checks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access, errorpages, idempotency, tx
from .errors import Busy, DomainError, NotAllowed, ValidationFailed
from .models import Employee
from .services.exports import record_refused_export

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error is JSON ``{"detail", "code", "clause"}`` (``ErrorSerializer``; a 400 adds
    ``field`` and, for a refused body, ``errors``): 400 bad input, 401 not signed in, 403 no
    permission, 404 missing or outside the data scope, 409 a transition or rule that refuses it
    now, 503 busy (other work held the same records through every retry; send it again), 500 a
    fault."""
    if isinstance(exc, Busy) or (isinstance(exc, DatabaseError) and tx.is_transient(exc)):
        return Response(
            errorpages.busy_body(),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(Busy.retry_after)},
        )
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, Http404):
        return Response(
            {"detail": _("Not found."), "code": "not_found", "clause": None},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    if not isinstance(exc, exceptions.APIException):
        view = context.get("view")
        logger.error("API error in %s", type(view).__name__, exc_info=exc)
        return Response(
            {
                "detail": _("The server failed to answer; nothing was saved."),
                "code": "server_error",
                "clause": None,
            },
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(exc.wait)  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        first_field, first_message = _first_error(errors)
        body: dict[str, Any] = {
            "detail": f"{first_field}: {first_message}" if first_field else first_message,
            "code": "invalid",
            "clause": None,
            "field": first_field,
            "errors": errors,
        }
        return Response(body, status=status.HTTP_400_BAD_REQUEST, headers=headers)
    codes = exc.get_codes()
    return Response(
        {
            "detail": str(exc.detail),
            "code": codes if isinstance(codes, str) else "error",
            "clause": None,
        },
        status=exc.status_code,
        headers=headers,
    )


def _first_error(errors: Any, prefix: str = "") -> tuple[str | None, str]:
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            field, message = _first_error(
                value, f"{prefix}.{name}" if prefix and name else name or prefix
            )
            return field or None, message
    if isinstance(errors, list) and errors:
        for index, value in enumerate(errors):
            if value:
                nested = isinstance(value, dict | list)
                return _first_error(value, f"{prefix}[{index}]" if nested else prefix)
    return (prefix or None), str(errors)


class IsEmployee(permissions.BasePermission):
    """Logged in and linked to an active employee record."""

    message = _("This account is not linked to an active employee.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        employee = actor_of(request)
        return employee is not None and employee.active


def actor_of(request: Request) -> Employee | None:
    """The acting employee, loaded once per request: from the token's query, from the page
    middleware for a browser session, or else with one query."""
    user = request.user
    if not user or not user.is_authenticated:
        return None
    cached = getattr(request, "_yunying_employee", None)
    if cached is None:
        from_page = getattr(request._request, "employee", None)
        if from_page is not None and from_page.user_id == user.pk:
            cached = from_page
        elif User.employee.is_cached(user):
            cached = user.employee
        else:
            cached = (
                Employee.objects.select_related("department", "user")
                .filter(user_id=user.pk)
                .first()
            )
        request._yunying_employee = cached  # type: ignore[attr-defined]
    return cached


class ActorMixin(APIView):
    """Gives API views ``self.actor`` and ``self.require(code)``; only employees get in. A POST
    with an ``Idempotency-Key`` runs as one unit of work that posts once (core.idempotency)."""

    permission_classes = [permissions.IsAuthenticated, IsEmployee]
    _idempotency: tuple[str, str] | None = None
    _claimed: Any = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        key = idempotency.key_of(request)
        if not key:
            return super().dispatch(request, *args, **kwargs)
        self._idempotency = (key, idempotency.fingerprint(request))

        def attempt() -> Any:
            self._claimed = None
            return super(ActorMixin, self).dispatch(request, *args, **kwargs)

        return idempotency.run_once(request, attempt)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            name = nul_field(request.data)
            if name is not None:
                name = name or "body"
                message = _("The value holds a NUL character, which is not allowed.")
                raise ValidationFailed(f"{name}: {message}", field=name)
        if self._idempotency is not None:
            self._claimed = idempotency.claim(request, *self._idempotency)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, idempotency.Replay):
            return exc.response
        transient = isinstance(exc, DatabaseError) and tx.is_transient(exc)
        if self._idempotency is not None and transient:
            raise exc  # the unit of work of the whole request starts again
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if self._claimed is not None and response.status_code < 400:
            idempotency.remember(self._claimed, response)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            serializer = self.serializer_class  # type: ignore[attr-defined]
            return serializer.Meta.model.objects.none()
        return self.visible()

    def visible(self) -> Any:
        """What the caller may see: the queryset scoped to the acting employee."""
        queryset = getattr(self, "queryset", None)
        if queryset is None:
            raise NotImplementedError(f"{type(self).__name__} must define visible()")
        return queryset.all()

    @property
    def actor(self) -> Employee:
        employee = actor_of(self.request)
        if employee is None:
            raise exceptions.NotAuthenticated()
        return employee

    def perform(
        self,
        service: Callable[..., Any],
        *,
        payload: type[serializers.Serializer[Any]] | None = None,
        answer: Callable[[Any, int], Response] | type[serializers.BaseSerializer[Any]],
        status: int = 200,
        **arguments: Any,
    ) -> Response:
        """An action in one call: the body validated by ``payload`` (a 400 naming the field
        otherwise), ``service(actor=…, **arguments, **body)`` called, and its result answered
        by ``answer`` — a serializer class, or a function of the result and the status that
        builds the response. Domain errors raised by the service become 400/403/404/409 JSON
        in ``exception_handler``."""
        body = valid_input(payload, self.request) if payload is not None else {}
        result = service(actor=self.actor, **arguments, **body)
        if isinstance(answer, type) and issubclass(answer, serializers.BaseSerializer):
            return Response(answer(result).data, status=status)
        respond: Callable[[Any, int], Response] = answer  # type: ignore[assignment]
        return respond(result, status)

    def require(self, code: str, *, export: str = "") -> None:
        """403 unless the actor holds ``code``; ``export`` names the protected data the action
        exports, and then a refusal is audited (ORG-4)."""
        try:
            access.require(self.actor, code)
        except NotAllowed:
            if export:
                record_refused_export(
                    actor=self.actor,
                    what=export,
                    permission=code,
                    filters={
                        key: self.request.query_params.get(key, "")
                        for key in self.request.query_params
                    },
                )
            raise


def nul_field(data: Any, path: str = "") -> str | None:
    """The path (``lines[0].item``) of the first text in a request body that holds a NUL
    character, or ``None``. No column can store one (PostgreSQL refuses it even in a lookup), and
    not every field refuses it itself (DRF's ``CharField`` does, a slug or a choice does not):
    refused here once, the body never reaches a query with one (the query parameters are checked
    by ``core.middleware``)."""
    if isinstance(data, str):
        return path if "\x00" in data else None
    if isinstance(data, QueryDict):
        data = {key: values if len(values) != 1 else values[0] for key, values in data.lists()}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return name.replace("\x00", "")
            found = nul_field(value, name)
            if found is not None:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = nul_field(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None


@extend_schema_field(
    {
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {}},
        ],
        "description": "Every message of a refused body: by field (nested as the body is), or "
        "a list of messages",
    }
)
class ErrorListField(serializers.JSONField):
    """The messages of a DRF validation error, as they were raised."""


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every error answer of the API (``exception_handler``, ``core.errorpages``)."""

    detail = serializers.CharField(help_text="The message, for people")
    code = serializers.CharField(help_text="Stable for programs: invalid, not_found, busy, …")
    clause = serializers.CharField(
        allow_null=True, help_text="The clause of the regulations that refused it, if one did"
    )
    field = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="The refused field or parameter (lines[0].item), on a 400",
    )
    # A declared field leaves the class (DRF collects it): Serializer.errors stays as it is.
    errors = ErrorListField(required=False, help_text="On a 400 for a refused body")  # type: ignore[assignment]


class CommentSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input"),
    403: OpenApiResponse(ErrorSerializer, description="No permission"),
    404: OpenApiResponse(ErrorSerializer, description="Not found or outside your data scope"),
    409: OpenApiResponse(ErrorSerializer, description="Not allowed in the current state"),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests (throttled): send it after Retry-After seconds",
    ),
    503: OpenApiResponse(
        ErrorSerializer,
        description="Busy: other work held the same records; nothing was saved, send it again "
        "after Retry-After seconds",
    ),
}


def valid_input(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """The request's body validated by ``serializer_class``; a 400 naming the field otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
