"""The replenishment proposal (INV-2) with the parameters it was computed with, and the
replenishment alerts (INV-4)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin

from .. import replenishment, selectors
from ..models import (
    StockAlert,
)
from .common import (
    REPLENISH,
    VIEW,
    decimal_field,
    query_filters,
    require_any,
)


class ReplenishmentProposalSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    on_hand = decimal_field()
    open_demand = decimal_field()
    planned_supply = decimal_field()
    position = decimal_field(help_text="On hand + planned supply − open demand.")
    weekly_forecast = decimal_field()
    cover_days = serializers.IntegerField(help_text="Lead time + review period.")
    safety_stock = decimal_field()
    need = decimal_field(help_text="Safety stock + weekly forecast × cover days / 7.")
    quantity = decimal_field(help_text="Need − position, rounded up to the reorder quantity.")


class ReplenishmentSerializer(serializers.Serializer[Any]):
    alpha = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="Smoothing factor.")
    weeks = serializers.IntegerField(help_text="Weeks of issue history in the forecast.")
    review_days = serializers.IntegerField()
    clause = serializers.CharField()
    proposals = ReplenishmentProposalSerializer(many=True)


class StockAlertFilter(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=StockAlert.State.choices, required=False)


class StockAlertSerializer(serializers.ModelSerializer[StockAlert]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = StockAlert
        fields = ["id", "item", "item_code", "item_name", "state", "available_at_raise"]
        fields += ["safety_stock", "raised_at", "cleared_at"]
        read_only_fields = fields


class ReplenishmentViewSet(ActorMixin, viewsets.ViewSet):
    """The replenishment proposal (INV-2) with the parameters it was computed with."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "needed", OpenApiTypes.BOOL, description="Only the items that need ordering"
            )
        ],
        responses={200: ReplenishmentSerializer, **ERRORS},
    )
    def list(self, request: Request) -> Response:
        self.require(REPLENISH)
        only_needed = request.query_params.get("needed", "").lower() in ("1", "true", "yes")
        config = replenishment.settings()
        data = {
            "alpha": config.alpha,
            "weeks": config.weeks,
            "review_days": config.review_days,
            "clause": config.clause,
            "proposals": replenishment.proposals(only_needed=only_needed),
        }
        return Response(ReplenishmentSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("state", OpenApiTypes.STR, enum=StockAlert.State.values)],
        responses={200: StockAlertSerializer(many=True), **ERRORS},
    )
)
class AlertViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[StockAlert]):
    """Replenishment alerts (INV-4), newest first."""

    serializer_class = StockAlertSerializer

    def visible(self) -> QuerySet[StockAlert]:
        require_any(self, VIEW, REPLENISH)
        chosen = query_filters(StockAlertFilter, self.request)
        return selectors.alerts(state=chosen.get("state", ""))
