"""Closed stock months (INV-1): nothing is posted with a date inside them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin

from .. import selectors
from ..models import (
    StockPeriod,
)
from ..services import periods
from .common import (
    VIEW,
    require_any,
)


class StockPeriodSerializer(serializers.ModelSerializer[StockPeriod]):
    closed_by_name = serializers.CharField(source="closed_by.name", read_only=True)

    class Meta:
        model = StockPeriod
        fields = ["id", "year", "month", "closed_at", "closed_by", "closed_by_name"]
        read_only_fields = fields


class StockPeriodInput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    month = serializers.IntegerField()


@extend_schema_view(list=extend_schema(responses={200: StockPeriodSerializer(many=True), **ERRORS}))
class PeriodViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[StockPeriod]):
    """Closed stock months (INV-1): nothing is posted with a date inside them."""

    serializer_class = StockPeriodSerializer

    def visible(self) -> QuerySet[StockPeriod]:
        require_any(self, VIEW, periods.CLOSE)
        return selectors.closed_periods()

    @extend_schema(request=StockPeriodInput, responses={201: StockPeriodSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            periods.close_period,
            payload=StockPeriodInput,
            answer=StockPeriodSerializer,
            status=201,
        )
