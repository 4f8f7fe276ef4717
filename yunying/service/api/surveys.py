"""Satisfaction surveys over the API (SVC-4): the surveys in the caller's scope (read only; the
customer answers through the survey's link, not here) and the satisfaction report per period
and team, person or region."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.errors import NotAllowed

from ..models import Survey
from ..selectors import satisfaction
from ..selectors.surveys import may_see_surveys, surveys_visible_to


class SurveySerializer(serializers.ModelSerializer[Survey]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    team_name = serializers.CharField(source="team.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True, default=None)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "customer",
            "customer_name",
            "case",
            "case_number",
            "reason",
            "period_start",
            "team",
            "team_name",
            "person",
            "person_name",
            "region",
            "region_name",
            "sent_at",
            "expires_at",
            "answered_at",
            "score",
            "comment",
        ]
        read_only_fields = fields


class SatisfactionRowSerializer(serializers.Serializer[Any]):
    period = serializers.DateField()
    period_label = serializers.CharField()
    key = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(source="label", allow_blank=True)
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    response_rate = serializers.FloatField(allow_null=True)
    satisfied_share = serializers.FloatField(allow_null=True)


REPORT_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="first day of sending"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last day of sending"),
    OpenApiParameter("group", str, enum=["", "team", "person", "region"]),
    OpenApiParameter("period", str, enum=["month", "quarter"]),
]


class SurveyViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Survey],
):
    """Surveys about the teams and people in the caller's scope, newest first."""

    serializer_class = SurveySerializer

    def visible(self) -> QuerySet[Survey]:
        if not may_see_surveys(self.actor):
            raise NotAllowed(_("You may not read satisfaction surveys."))
        return surveys_visible_to(self.actor).order_by("-sent_at", "-id")


class SatisfactionViewSet(ActorMixin, viewsets.ViewSet):
    """The satisfaction report: one row per period (and group)."""

    @extend_schema(
        parameters=REPORT_PARAMETERS,
        responses={200: SatisfactionRowSerializer(many=True), **ERRORS},
    )
    def list(self, request: Request) -> Response:
        if not may_see_surveys(self.actor):
            raise NotAllowed(_("You may not read satisfaction surveys."))
        filters = satisfaction.parse_filters(request.query_params)
        rows = satisfaction.report(self.actor, filters)
        for row in rows:
            row["average"] = None if row["average"] is None else round(float(row["average"]), 4)
        return Response(SatisfactionRowSerializer(rows, many=True).data)
