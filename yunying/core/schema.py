"""Additions to the OpenAPI schema that hold for every operation of a kind: the error answers
each operation can give (``AutoSchema``) and the ``Idempotency-Key`` header of POSTs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework.generics import GenericAPIView

IDEMPOTENCY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": (
        "Send a POST again with the same key (after a lost answer or a dropped connection) and "
        "it posts nothing twice: the first answer comes back (with `Idempotent-Replay: true`). "
        "The same key with another body is a 409; a refused request keeps nothing and may be "
        "sent again. Keys are per user and kept for a week."
    ),
}


# POSTs that create or post nothing (signing in).
WITHOUT = ("/api/v1/auth/token/",)


def idempotency_header(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every POST that creates or posts a document takes
    an ``Idempotency-Key`` (``core.apibase.ActorMixin``)."""
    for path, operations in result.get("paths", {}).items():
        post = operations.get("post")
        if post is not None and path not in WITHOUT:
            post.setdefault("parameters", []).append(IDEMPOTENCY)
    return result


# The error answers, by status: what the exception handler (core.apibase) and the error pages
# (core.errorpages) send, with the error schema of core.apibase.ErrorSerializer.
ERROR_DESCRIPTIONS = {
    400: "Bad input: the body or a query parameter was refused (`field` names it)",
    401: "Not signed in: no token where one is needed, or an unknown or expired one",
    403: "No permission",
    404: "Not found or outside your data scope",
    409: "Not allowed in the current state, or refused by a rule of the regulations (`clause`)",
    415: "The body is not of the media type the operation reads (JSON, or multipart for a file)",
    429: "Too many requests (throttled): send it again after Retry-After seconds",
    503: "Busy: other work held the same records; nothing was saved, send it again after "
    "Retry-After seconds",
}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class AutoSchema(openapi.AutoSchema):
    """Every operation documents the errors it can answer, all with the one error schema:

    - 401 everywhere (a token that is unknown or expired is refused wherever it is sent), and
      403 where a sign-in is needed (a permission, or no employee record);
    - 404 where the path names a record;
    - 400 where a body or query parameters are read, 415 where a body is;
    - 409 and 503 on the operations that write (a state or rule refuses it; contention);
    - 429 everywhere (the API throttles count every request).

    An operation that needs no sign-in (getting a token) has ``security: []``. Answers that a
    view documents itself (``@extend_schema(responses=…)``) are kept as they are."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        if not operation.get("security"):
            operation["security"] = []
        responses = operation["responses"]
        for code in self._error_codes(operation):
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(_error_serializer(), description=ERROR_DESCRIPTIONS[code]),
                    str(code),
                )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation: dict[str, Any]) -> list[int]:
        codes = [401, 429]  # 401 also for a token sent where none is needed, if it is invalid
        signed_in = bool(operation["security"]) and {} not in operation["security"]
        if signed_in:
            codes.append(403)
        parameters = operation.get("parameters", [])
        if any(parameter.get("in") == "path" for parameter in parameters):
            codes.append(404)
        if "requestBody" in operation:
            codes += [400, 415]
        elif any(parameter.get("in") == "query" for parameter in parameters):
            codes.append(400)
        if self.method in UNSAFE and signed_in:
            codes += [409, 503]
        return codes

    def _is_list_view(self, serializer: Any = None) -> bool:
        """``list`` of a plain view set (no queryset) answers what its serializer says: one
        object unless the serializer is ``many=True``."""
        listed: bool = super()._is_list_view(serializer)
        if listed and not isinstance(self.view, GenericAPIView):
            main = serializer if serializer is not None else self.get_response_serializers()
            if isinstance(main, dict) and main:
                main = {str(code): value for code, value in main.items()}
                main = main[min(main)]
            return is_list_serializer(main)
        return listed

    def _get_paginator(self) -> Any:
        """A route under one record (``…/{id}/comments/``) answers its rows whole."""
        if getattr(self.view, "detail", None):
            return None
        return super()._get_paginator()

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        """A field's schema as it is answered: ``nullable`` where a null can come (through a
        relation that may be empty, or a ``default=None``), and ``""`` among the choices of a
        column that may be blank."""
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if "$ref" in schema or "allOf" in schema or "oneOf" in schema:
            return schema
        column, through_optional = _column_of(field)
        may_be_null = through_optional or (field.read_only and field.default is None)
        if direction == "response" and may_be_null:
            schema["nullable"] = True
        blank = getattr(field, "allow_blank", False) or bool(getattr(column, "blank", False))
        if "enum" in schema and blank and "" not in schema["enum"]:
            schema["enum"] = [*schema["enum"], ""]
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        """An e-mail that may be empty has no ``email`` format (which ``""`` fails)."""
        super()._insert_field_validators(field, schema)
        column, _optional = _column_of(field)
        blank = getattr(field, "allow_blank", False) or bool(getattr(column, "blank", False))
        if schema.get("format") == "email" and blank:
            del schema["format"]
            schema["description"] = _joined(
                schema.get("description"), "An e-mail address, or empty."
            )


def _column_of(field: Any) -> tuple[Any, bool]:
    """The model field a serializer field reads (or ``None``) and whether the way to it passes
    a relation that may be empty (``superior.name`` of an employee without a superior)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or source == "*":
        return None, False
    optional = False
    column: Any = None
    parts = source.split(".")
    for index, name in enumerate(parts):
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None, optional
        if index < len(parts) - 1:
            if not column.is_relation or column.related_model is None:
                return None, optional
            missing = column.one_to_one and not column.concrete  # a reverse one-to-one
            optional = optional or bool(getattr(column, "null", False)) or missing
            model = column.related_model
    return column, optional


def _joined(description: str | None, sentence: str) -> str:
    return f"{description} {sentence}" if description else sentence


def _error_serializer() -> Any:
    from .apibase import ErrorSerializer  # apibase imports the models: loaded when first used

    return ErrorSerializer
