"""How API clients sign in (kept apart from ``apibase``: DRF imports it while it starts)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token …`` with the user and their employee record in one query. A token
    older than ``YUNYING_TOKEN_LIFETIME`` has expired (``core.security.issue_token`` gives a new
    one at the next sign-in)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        try:
            token = Token.objects.select_related("user__employee__department").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.created <= timezone.now() - settings.YUNYING_TOKEN_LIFETIME:
            raise exceptions.AuthenticationFailed(_("The token has expired: sign in again."))
        return token.user, token
