"""REST resource of the departments' group robots (企业微信, 钉钉, 飞书), for the administrator
(``core.manage_org``) alone. The signing secret is written, never answered."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ..apibase import ERRORS, ActorMixin, valid_input
from ..models import ChannelKind, Delivery, Department, DepartmentChannel
from ..services import channels


class ChannelSerializer(serializers.ModelSerializer[DepartmentChannel]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    signed = serializers.SerializerMethodField()

    class Meta:
        model = DepartmentChannel
        fields = [
            "id",
            "department",
            "department_name",
            "kind",
            "webhook_url",
            "signed",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_signed(self, channel: DepartmentChannel) -> bool:
        """The robot has a signing secret (DingTalk 加签, Feishu 签名校验)."""
        return bool(channel.secret)


class ChannelInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    webhook_url = serializers.CharField(
        max_length=500, help_text="The robot's webhook address, http:// or https://"
    )
    secret = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="DingTalk's or Feishu's signing secret (none for WeCom). On a change, "
        'leave it out to keep the secret the robot has; "" removes it.',
    )
    active = serializers.BooleanField(required=False, default=True)


class ChannelCreateInput(ChannelInput):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())


class ChannelViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[DepartmentChannel],
):
    """The group robot of each department: its members' notifications about the company's work
    are posted to the group. Only the administrator (core.manage_org) reads or changes them."""

    serializer_class = ChannelSerializer
    pagination_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.require(channels.ADMINISTRATOR)

    def visible(self) -> QuerySet[DepartmentChannel]:
        return DepartmentChannel.objects.select_related("department")

    @extend_schema(request=ChannelCreateInput, responses={201: ChannelSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(ChannelCreateInput, request)
        channel = channels.create_channel(actor=self.actor, **data)
        return Response(ChannelSerializer(channel).data, status=201)

    @extend_schema(request=ChannelInput, responses={200: ChannelSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        channel = self.get_object()
        data = valid_input(ChannelInput, request)
        data.setdefault("secret", None)
        channel = channels.update_channel(actor=self.actor, channel=channel, **data)
        return Response(ChannelSerializer(channel).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        channels.delete_channel(actor=self.actor, channel=self.get_object())
        return Response(status=204)


class NotificationDeliverySerializer(serializers.ModelSerializer[Delivery]):
    title = serializers.CharField(source="notification.title", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "notification",
            "title",
            "channel",
            "address",
            "language",
            "state",
            "attempts",
            "last_error",
            "next_attempt_at",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


@extend_schema(
    parameters=[
        OpenApiParameter(
            "state", str, enum=Delivery.State.values, description="Only deliveries in this state"
        )
    ]
)
class DeliveryViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Delivery],
):
    """Notifications sent by e-mail (``channel`` null) or to a group robot, newest first: each
    failure keeps its error and the time of the next attempt. For the administrator alone."""

    serializer_class = NotificationDeliverySerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.require(channels.ADMINISTRATOR)

    def visible(self) -> QuerySet[Delivery]:
        deliveries = Delivery.objects.select_related("notification")
        state = self.request.query_params.get("state", "")
        return deliveries.filter(state=state) if state in Delivery.State.values else deliveries
