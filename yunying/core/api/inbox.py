"""REST resources of the inbox (我的待办): the caller's notifications, which can be read and
dismissed one by one, and their open tasks. Titles and bodies come in the reader's language."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors
from ..apibase import ERRORS, ActorMixin
from ..models import Notification, Task
from ..services import inbox


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    title = serializers.CharField(source="shown_title", read_only=True)
    body = serializers.CharField(source="shown_body", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "source_type", "source_id", "created_at", "read_at"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer[Task]):
    title = serializers.CharField(source="shown_title", read_only=True)
    body = serializers.CharField(source="shown_body", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "clause",
            "state",
            "department",
            "department_name",
            "source_type",
            "source_id",
            "due_at",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields


class NotificationViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Notification],
):
    """The caller's notifications still in the inbox, newest first (``unread=true``: only
    those not read yet). Nobody sees another person's."""

    serializer_class = NotificationSerializer

    def visible(self) -> QuerySet[Notification]:
        notifications = selectors.notifications_of(self.actor)
        if self.action == "list" and self.request.query_params.get("unread") in ("true", "1"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.BOOL, description="Only the notifications not read yet"
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        inbox.mark_read(employee=self.actor, notification_ids=[notification.pk])
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        notification = inbox.dismiss(employee=self.actor, notification_id=self.get_object().pk)
        return Response(NotificationSerializer(notification).data)


class TaskViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Task],
):
    """The caller's open tasks and those of their departments, the nearest due first."""

    serializer_class = TaskSerializer

    def visible(self) -> QuerySet[Task]:
        return selectors.open_tasks(self.actor).order_by("due_at", "-created_at", "-id")

    @extend_schema(request=None, responses={200: TaskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(inbox.complete_task, answer=TaskSerializer, task=self.get_object())
