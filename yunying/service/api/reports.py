"""The service reports over the API (SVC-2): compliance with the service standards and the
working hours cases took, grouped as asked; complaints by cause and cases by kind. Cases opened
from ``from`` to ``to``, within the caller's scope (ORG-2); a bad date or group is a 400 naming
the parameter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.errors import NotAllowed

from ..selectors import reports as selectors

FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="Cases opened on or after this day (YYYY-MM-DD)."
)
TO = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="Cases opened on or before this day (YYYY-MM-DD)."
)
GROUP = OpenApiParameter(
    "group", OpenApiTypes.STR, enum=list(selectors.GROUPS), description="How rows are grouped."
)


def _hours(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, **kwargs)


def _rate(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, **kwargs)


class StandardFiguresSerializer(serializers.Serializer[Any]):
    cases = serializers.IntegerField()
    responded = serializers.IntegerField(help_text="Answered, with a response standard.")
    responded_in_time = serializers.IntegerField()
    response_rate = _rate(help_text="Responded within standard, in % (null without any).")
    response_average = _hours(help_text="Working hours to the first response.")
    response_median = _hours()
    resolved = serializers.IntegerField(help_text="Resolved, with a resolution standard.")
    resolved_in_time = serializers.IntegerField()
    resolution_rate = _rate()
    resolution_average = _hours(help_text="Working hours to resolve, less the time waited.")
    resolution_median = _hours()
    open_breached = serializers.IntegerField(help_text="Open cases past their standard.")


class StandardRowSerializer(StandardFiguresSerializer):
    value = serializers.CharField(
        allow_null=True, help_text="The month (YYYY-MM), the team's or assignee's id, or the code."
    )
    label = serializers.CharField()  # type: ignore[assignment]


class StandardsReportSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    group = serializers.CharField(source="period.group")
    totals = StandardFiguresSerializer()
    rows = StandardRowSerializer(many=True)


class CauseRowSerializer(serializers.Serializer[Any]):
    cause = serializers.IntegerField(allow_null=True, help_text="Null: no cause given yet.")
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cases = serializers.IntegerField()
    share = _rate(help_text="Of the period's complaints, in %.")


class KindRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cases = serializers.IntegerField()
    share = _rate(help_text="Of the period's cases, in %.")


class CausesReportSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    causes = CauseRowSerializer(many=True)
    kinds = KindRowSerializer(many=True)


class _ReportView(ActorMixin, APIView):
    grouped = True

    def period(self, request: Request) -> selectors.Period:
        if not selectors.may_read(self.actor):
            raise NotAllowed(_("You may not see the service reports."))
        return selectors.period_from(request.query_params, grouped=self.grouped)


class ServiceStandardsReportView(_ReportView):
    """Cases answered and resolved within their service standards, and the working hours they
    took, per month, kind, priority, team, assignee or channel (SVC-2)."""

    @extend_schema(
        operation_id="service_reports_sla",
        parameters=[FROM, TO, GROUP],
        responses={200: StandardsReportSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        period = self.period(request)
        report = {
            "period": period,
            "totals": selectors.sla_totals(self.actor, period),
            "rows": selectors.sla_table(self.actor, period),
        }
        return Response(StandardsReportSerializer(report).data)


class CausesReportView(_ReportView):
    """The period's complaints by cause and cases by kind, with their shares."""

    grouped = False

    @extend_schema(
        operation_id="service_reports_causes",
        parameters=[FROM, TO],
        responses={200: CausesReportSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        period = self.period(request)
        report = {
            "period": period,
            "causes": selectors.by_cause(self.actor, period),
            "kinds": selectors.by_kind(self.actor, period),
        }
        return Response(CausesReportSerializer(report).data)
