"""Who the caller is (``me/``), tokens (issued, revoked, expiring) and changing one's password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .. import access, security
from ..apibase import ERRORS, ActorMixin, ErrorSerializer, valid_input


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    department = serializers.CharField()
    positions = serializers.ListField(child=serializers.CharField())
    permissions = serializers.DictField(child=serializers.CharField())


class MeView(ActorMixin, APIView):
    """Who the token belongs to, with the widest data scope of each permission held."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        actor = self.actor
        permissions = {
            p.code: access.widest_scope(actor, p.code)
            for p in access.all_permissions()
            if access.has_perm(actor, p.code)
        }
        return Response(
            MeSerializer(
                {
                    "id": actor.pk,
                    "name": actor.name,
                    "username": actor.user.username,
                    "department": actor.department.name,
                    "positions": list(actor.positions.values_list("code", flat=True)),
                    "permissions": permissions,
                }
            ).data
        )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()


class TokenInput(serializers.Serializer[Any]):
    username = serializers.CharField()
    password = serializers.CharField(write_only=True)


AUTH_ERRORS = {
    400: ERRORS[400],
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests (throttled), or sign-in locked out after repeated "
        "failures (code locked_out): try again after Retry-After seconds",
    ),
}


class TokenView(ObtainAuthToken):
    """POST: exchange a username and password for an API token (header ``Authorization: Token
    …``), valid for ``YUNYING_TOKEN_DAYS`` days. DELETE: revoke the caller's token. Repeated
    failures lock the account and the address out for a while (429 ``locked_out``)."""

    parser_classes = [JSONParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenInput, responses={200: TokenSerializer, **AUTH_ERRORS}, auth=[])
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise security.LockedOut() from None
            raise
        token = security.issue_token(serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(
        request=None,
        responses={
            204: None,
            401: OpenApiResponse(ErrorSerializer, description="Not signed in"),
            429: AUTH_ERRORS[429],
        },
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        security.revoke_tokens(request.user)
        return Response(status=204)


class PasswordInput(serializers.Serializer[Any]):
    old_password = serializers.CharField(write_only=True)
    new_password = serializers.CharField(write_only=True)


class PasswordView(APIView):
    """Change your own password: checked against the password validators; your API token is
    replaced by the new one returned (the old one stops working)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=PasswordInput, responses={200: TokenSerializer, **AUTH_ERRORS})
    def post(self, request: Request) -> Response:
        data = valid_input(PasswordInput, request)
        user: Any = request.user  # signed in (IsAuthenticated)
        if not user.check_password(data["old_password"]):
            raise exceptions.ValidationError(
                {
                    "old_password": [
                        _("Your old password was entered incorrectly. Please enter it again.")
                    ]
                }
            )
        try:
            validate_password(data["new_password"], user)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"new_password": error.messages}) from None
        security.change_password(user, data["new_password"])
        update_session_auth_hash(request._request, user)
        return Response({"token": security.issue_token(user).key})
