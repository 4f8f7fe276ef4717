"""Domain errors: raised by services, turned into HTTP answers, form errors or CLI messages in one
place per interface (``core.api.exception_handler``, ``core.views.DomainErrorMixin``,
``core.management.base.YunyingCommand``)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused the request. ``code`` is stable for API clients."""

    http_status = 409
    default_code = "refused"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        clause: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.clause = clause
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"detail": str(self.message), "code": self.code}
        data["clause"] = self.clause
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(DomainError):
    """The input is wrong: a missing, malformed or out-of-range value (HTTP 400)."""

    http_status = 400
    default_code = "invalid"


class NotAllowed(DomainError):
    """The actor lacks the permission for this action (HTTP 403)."""

    http_status = 403
    default_code = "permission_denied"


class NotFound(DomainError):
    """The record does not exist or lies outside the actor's data scope (HTTP 404)."""

    http_status = 404
    default_code = "not_found"


class InvalidTransition(DomainError):
    """The document's state does not allow this action now (HTTP 409)."""

    default_code = "invalid_transition"


class Conflict(DomainError):
    """Somebody else changed the record first, or it is already done (HTTP 409)."""

    default_code = "conflict"


class RuleViolation(DomainError):
    """A rule of the regulations in force refused the action; ``clause`` names it (HTTP 409)."""

    default_code = "rule_violation"


class InsufficientStock(RuleViolation):
    """Stock would go negative (INV-6)."""

    default_code = "insufficient_stock"

    def __init__(self, message: Any, **kwargs: Any) -> None:
        kwargs.setdefault("clause", "INV-6")
        super().__init__(message, **kwargs)


class Busy(DomainError):
    """Other work held the same records for too long, even after a few attempts: nothing was
    saved and the same request can be sent again in a moment (HTTP 503 with Retry-After)."""

    http_status = 503
    default_code = "busy"
    retry_after = 1

    def __init__(self, message: Any = None, **kwargs: Any) -> None:
        if message is None:
            from django.utils.translation import gettext_lazy

            message = gettext_lazy(
                "The system is busy with the same records; nothing was saved. "
                "Please try again in a moment."
            )
        super().__init__(message, **kwargs)
