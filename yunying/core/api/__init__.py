"""REST resources of the organisation, split by aggregate: ``organisation`` (departments,
positions, employees), ``position_changes`` and ``auth`` (me, tokens, password)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .auth import MeView, PasswordView, TokenView
from .organisation import DepartmentViewSet, EmployeeViewSet, PositionViewSet
from .position_changes import PositionChangeViewSet


def register(router: DefaultRouter) -> None:
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("positions", PositionViewSet, basename="position")
    router.register("employees", EmployeeViewSet, basename="employee")
    router.register("position-changes", PositionChangeViewSet, basename="position-change")


extra_urls = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/password/", PasswordView.as_view(), name="api-password"),
    path("me/", MeView.as_view(), name="api-me"),
]
