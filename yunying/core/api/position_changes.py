"""REST resource of position changes: a position's permissions, duties and head/leader flags
change only when the change is approved (ORG-3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors
from ..apibase import ERRORS, ActorMixin, valid_input
from ..models import DataScope, Position, PositionChange
from ..services import position_change


class PermissionGrantSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    scope = serializers.ChoiceField(choices=DataScope.choices)


class PositionChangeSerializer(serializers.ModelSerializer[PositionChange]):
    position_code = serializers.CharField(source="position.code", read_only=True)
    author = serializers.CharField(source="created_by.name", read_only=True)
    permissions = PermissionGrantSerializer(source="lines", many=True, read_only=True)

    class Meta:
        model = PositionChange
        fields = [
            "id",
            "number",
            "state",
            "position",
            "position_code",
            "author",
            "reason",
            "duties",
            "is_head",
            "is_leader",
            "permissions",
            "before",
            "applied_at",
            "created_at",
        ]
        read_only_fields = fields


class PositionChangeUpdateInput(serializers.Serializer[Any]):
    reason = serializers.CharField()
    duties = serializers.CharField(allow_blank=True, required=False, default="")
    permissions = PermissionGrantSerializer(many=True)
    is_head = serializers.BooleanField(
        allow_null=True,
        required=False,
        default=None,
        help_text="The position becomes (true) or stops being (false) its department's head; "
        "null leaves it.",
    )
    is_leader = serializers.BooleanField(
        allow_null=True,
        required=False,
        default=None,
        help_text="The position becomes (true) or stops being (false) a company leader; null "
        "leaves it.",
    )


class PositionChangeInput(PositionChangeUpdateInput):
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())


def _grants(items: list[dict[str, str]]) -> dict[str, str]:
    return {item["code"]: item["scope"] for item in items}


class PositionChangeViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[PositionChange],
):
    """Changes to a position's duties and permissions, in force once approved (ORG-3)."""

    serializer_class = PositionChangeSerializer

    def visible(self) -> QuerySet[PositionChange]:
        return selectors.position_changes_visible_to(self.actor)

    @extend_schema(request=PositionChangeInput, responses={201: PositionChangeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(PositionChangeInput, request)
        change = position_change.draft_position_change(
            position=data["position"],
            actor=self.actor,
            reason=data["reason"],
            duties=data["duties"],
            permissions=_grants(data["permissions"]),
            is_head=data["is_head"],
            is_leader=data["is_leader"],
        )
        return Response(PositionChangeSerializer(change).data, status=201)

    @extend_schema(
        request=PositionChangeUpdateInput, responses={200: PositionChangeSerializer, **ERRORS}
    )
    def update(self, request: Request, pk: str | None = None) -> Response:
        data = valid_input(PositionChangeUpdateInput, request)
        change = position_change.update_position_change(
            change=self.get_object(),
            actor=self.actor,
            reason=data["reason"],
            duties=data["duties"],
            permissions=_grants(data["permissions"]),
            is_head=data["is_head"],
            is_leader=data["is_leader"],
        )
        return Response(PositionChangeSerializer(change).data)

    @extend_schema(request=None, responses={200: PositionChangeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        change = position_change.submit_position_change(change=self.get_object(), actor=self.actor)
        return Response(PositionChangeSerializer(change).data)

    @extend_schema(request=None, responses={200: PositionChangeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        change = position_change.cancel_position_change(change=self.get_object(), actor=self.actor)
        return Response(PositionChangeSerializer(change).data)
