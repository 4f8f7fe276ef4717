"""Signing in safely: the lock-out after repeated failures (django-axes, configured in settings),
the client's address behind reverse proxies, and API tokens that expire and can be revoked.

A lock-out is logged (logger ``yunying.security``) every time an attempt is refused, and audited
once, when it starts (``core.login_locked_out``)."""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from .errorpages import is_api
from .models import Employee
from .services import audit
from .tx import transactional

logger = logging.getLogger("yunying.security")


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``YUNYING_PROXIES`` reverse proxies the
    address the outermost of them saw in X-Forwarded-For (as DRF's throttles count with
    ``NUM_PROXIES``): entries further left are the client's own word and are not trusted."""
    proxies = settings.YUNYING_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    return _(
        "Too many failed sign-ins for this account or from this address. Wait %(minutes)s "
        "minutes before trying again: each attempt in the meantime starts the wait anew."
    ) % {"minutes": cool_off_seconds() // 60}


class LockedOut(exceptions.APIException):
    """The API's answer to a locked-out sign-in: 429 with Retry-After (core.apibase)."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self) -> None:
        super().__init__(detail=lockout_message())
        self.wait = cool_off_seconds()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out sign-in gets (``AXES_LOCKOUT_CALLABLE``): the login page with the
    reason, or JSON under /api/; 429 either way, with Retry-After."""
    response: HttpResponse
    if is_api(request):
        response = JsonResponse(
            {"detail": lockout_message(), "code": LockedOut.default_code, "clause": None},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        username = str((credentials or {}).get("username") or "")
        form = AuthenticationForm(request, initial={"username": username})
        next_url = request.POST.get("next", "") or request.GET.get("next", "")
        context = {"form": form, "locked_out": lockout_message(), "next": next_url}
        response = render(request, "core/login.html", context, status=429)
    response["Retry-After"] = str(cool_off_seconds())
    return response


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    failures = getattr(request, "axes_failures_since_start", None)
    logger.warning(
        "sign-in locked out: username %r from %s (%s failures)", username, ip_address, failures
    )
    if failures != settings.AXES_FAILURE_LIMIT:
        return  # audited once, when the lock-out starts; later refusals are only logged
    from .services import audit

    audit.record(
        actor=None,
        action="core.login_locked_out",
        target_type="auth.user",
        target_id=str(username or ""),
        target_repr=str(username or ""),
        changes={"ip_address": ip_address, "failures": failures, "path": request.path},
    )


# ---------------------------------------------------------------------------- API tokens


def token_expired(token: Token) -> bool:
    return bool(token.created <= timezone.now() - settings.YUNYING_TOKEN_LIFETIME)


def issue_token(user: Any) -> Token:
    """The user's API token; a new one when the one they had has expired."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


def revoke_tokens(user: Any) -> None:
    """End the user's API token (revoked, or its password changed)."""
    Token.objects.filter(user=user).delete()


@transactional
def change_password(user: Any, password: str) -> None:
    """Set the user's new password (validated by the caller's form or serializer) and end the
    API token issued under the old one. Other browser sessions end too (Django checks each
    session against the password); the caller keeps its own with update_session_auth_hash.
    Audited (who, when; never the password)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_tokens(user)
    employee = Employee.objects.filter(user_id=user.pk).first()
    audit.record(
        actor=employee,
        action="core.change_password",
        target_type="auth.user",
        target_id=str(user.pk),
        target_repr=user.get_username(),
    )
