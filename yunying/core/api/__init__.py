"""REST resources of the organisation, split by aggregate: ``organisation`` (departments,
positions, employees), ``position_changes``, ``inbox`` (notifications, tasks) and ``auth``
(me, tokens, password)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .auth import MeView, PasswordView, TokenView
from .calendar import CalendarDayViewSet, WorkingPeriodViewSet
from .channels import ChannelViewSet, DeliveryViewSet
from .inbox import NotificationViewSet, TaskViewSet
from .lists import SavedFilterDetailView, SavedFilterListView, SearchView
from .organisation import DepartmentViewSet, EmployeeViewSet, PositionViewSet
from .position_changes import PositionChangeViewSet
from .shell import (
    AttachmentDetailView,
    AttachmentListView,
    CommentListView,
    TimelineView,
)


def register(router: DefaultRouter) -> None:
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("positions", PositionViewSet, basename="position")
    router.register("employees", EmployeeViewSet, basename="employee")
    router.register("position-changes", PositionChangeViewSet, basename="position-change")
    router.register("notification-channels", ChannelViewSet, basename="notification-channel")
    router.register("notification-deliveries", DeliveryViewSet, basename="notification-delivery")
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("tasks", TaskViewSet, basename="task")
    router.register("calendar-days", CalendarDayViewSet, basename="calendar-day")
    router.register("working-periods", WorkingPeriodViewSet, basename="working-period")


extra_urls = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/password/", PasswordView.as_view(), name="api-password"),
    path("me/", MeView.as_view(), name="api-me"),
    path("saved-filters/", SavedFilterListView.as_view(), name="api-saved-filters"),
    path("saved-filters/<str:pk>/", SavedFilterDetailView.as_view(), name="api-saved-filter"),
    path("search/", SearchView.as_view(), name="api-search"),
    path(
        "documents/<str:key>/<int:pk>/attachments/",
        AttachmentListView.as_view(),
        name="api-document-attachments",
    ),
    path(
        "documents/<str:key>/<int:pk>/comments/",
        CommentListView.as_view(),
        name="api-document-comments",
    ),
    path(
        "documents/<str:key>/<int:pk>/timeline/",
        TimelineView.as_view(),
        name="api-document-timeline",
    ),
    path("attachments/<int:pk>/", AttachmentDetailView.as_view(), name="api-attachment"),
]
