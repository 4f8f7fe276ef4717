"""REST resources of customer service: service cases with their steps (SVC-1, SVC-3), their
service standards (SVC-2), returns from a case (SALES-4), and the complaint causes.

Every case is scoped to the caller (ORG-2): one outside it answers 404. A step the case's state
does not allow is a 409 naming the clause (``SVC-3`` for complaints)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .cases import ComplaintCauseViewSet, ServiceCaseViewSet
from .reports import CausesReportView, ServiceStandardsReportView
from .surveys import SatisfactionViewSet, SurveyViewSet


def register(router: DefaultRouter) -> None:
    router.register("service-cases", ServiceCaseViewSet, basename="service-case")
    router.register("complaint-causes", ComplaintCauseViewSet, basename="complaint-cause")
    router.register("service-surveys", SurveyViewSet, basename="service-survey")
    router.register("service-satisfaction", SatisfactionViewSet, basename="service-satisfaction")


extra_urls: list[object] = [
    path(
        "service-reports/sla/",
        ServiceStandardsReportView.as_view(),
        name="api-service-reports-sla",
    ),
    path("service-reports/causes/", CausesReportView.as_view(), name="api-service-reports-causes"),
]
