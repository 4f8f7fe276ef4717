"""Sales targets over the API: targets per region or salesperson and period, broken down, with
their achievement (SALES-6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.models import Employee
from yunying.masterdata.models import Region

from ..models import SalesTarget
from ..selectors.scope import TARGET_READERS
from ..selectors.targets import target_tree
from ..services import targets
from .common import Choice, money_field, param_choice, param_id, require_any, values_text


class SalesTargetSerializer(serializers.ModelSerializer[SalesTarget]):
    region_code = serializers.CharField(source="region.code", read_only=True, default=None)
    region_name = serializers.CharField(source="region.name", read_only=True, default=None)
    salesperson_name = serializers.CharField(
        source="salesperson.name", read_only=True, default=None
    )

    class Meta:
        model = SalesTarget
        fields = [
            "id",
            "period",
            "year",
            "number",
            "start",
            "end",
            "region",
            "region_code",
            "region_name",
            "salesperson",
            "salesperson_name",
            "parent",
            "orders_amount",
            "revenue_amount",
            "collection_amount",
        ]
        read_only_fields = fields


class SalesTargetAchievementSerializer(serializers.Serializer[Any]):
    depth = serializers.IntegerField(help_text="0 for a target not broken down from another.")
    target = SalesTargetSerializer()
    orders = money_field(help_text="Confirmed orders in the period.")
    deliveries = money_field(help_text="Delivered (revenue), less returns.")
    collection = money_field(help_text="Money received.")
    orders_rate = serializers.FloatField(allow_null=True, help_text="Percent of the target.")
    revenue_rate = serializers.FloatField(allow_null=True)
    collection_rate = serializers.FloatField(allow_null=True)


class SalesTargetInput(serializers.Serializer[Any]):
    period = Choice(
        choices=SalesTarget.Period.choices, help_text=values_text(SalesTarget.Period.values)
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(
        min_value=1, max_value=12, default=1, help_text="The month or quarter; 1 for a year."
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True, default=None
    )
    salesperson = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=SalesTarget.objects.all(), required=False, allow_null=True, default=None
    )
    orders_amount = money_field(required=False, default=Decimal("0"))
    revenue_amount = money_field(required=False, default=Decimal("0"))
    collection_amount = money_field(required=False, default=Decimal("0"))


PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, enum=SalesTarget.Period.values, description="Default: month."
)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year.")
NUMBER = OpenApiParameter(
    "number", OpenApiTypes.INT, description="Month or quarter; default: the current one."
)


def _period_asked(request: Request) -> tuple[str, int, int]:
    """The period the query names: by default this month, this quarter or this year."""
    today = timezone.localdate()
    period = param_choice(request, "period", SalesTarget.Period.values) or "month"
    year = param_id(request, "year") or today.year
    current = today.month if period == "month" else (today.month - 1) // 3 + 1
    number = 1 if period == "year" else param_id(request, "number") or current
    return period, year, number


class SalesTargetViewSet(ActorMixin, viewsets.GenericViewSet[SalesTarget]):
    """Targets per region or salesperson and period, broken down, with their achievement
    (SALES-6)."""

    serializer_class = SalesTargetSerializer
    pagination_class = None

    def visible(self) -> QuerySet[SalesTarget]:
        return SalesTarget.objects.select_related("region", "salesperson")

    @extend_schema(
        parameters=[PERIOD, YEAR, NUMBER],
        responses={200: SalesTargetAchievementSerializer(many=True), **ERRORS},
    )
    def list(self, request: Request) -> Response:
        """The targets of a period, each parent before its parts."""
        require_any(self.actor, TARGET_READERS)
        rows = [
            {
                "depth": depth,
                "target": a.target,
                "orders": a.orders,
                "deliveries": a.deliveries,
                "collection": a.collection,
                "orders_rate": a.orders_rate,
                "revenue_rate": a.revenue_rate,
                "collection_rate": a.collection_rate,
            }
            for depth, a in target_tree(*_period_asked(request))
        ]
        return Response(SalesTargetAchievementSerializer(rows, many=True).data)

    @extend_schema(request=SalesTargetInput, responses={201: SalesTargetSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Set (or change) a target; parts never add up to more than the whole (SALES-6)."""
        return self.perform(
            targets.set_target, payload=SalesTargetInput, answer=SalesTargetSerializer, status=201
        )
