"""Stock balances per item and location (INV-1) and what sales may promise of an item."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item

from .. import selectors
from ..models import (
    StockBalance,
)
from ..services.alerts import SELLABLE
from .common import (
    COST_STEP,
    VIEW,
    decimal_field,
    id_filter,
    priced,
    query_filters,
)


class StockBalanceSerializer(serializers.ModelSerializer[StockBalance]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    location_code = serializers.SerializerMethodField()
    available = decimal_field(read_only=True)
    value = serializers.SerializerMethodField(method_name="priced_value")
    average_cost = serializers.SerializerMethodField()

    class Meta:
        model = StockBalance
        fields = [
            "id",
            "item",
            "item_code",
            "item_name",
            "unit",
            "location",
            "location_code",
            "on_hand",
            "reserved",
            "available",
            "value",
            "average_cost",
        ]
        read_only_fields = fields

    def get_location_code(self, balance: StockBalance) -> str:
        return str(balance.location)

    def priced_value(self, balance: StockBalance) -> str | None:
        return priced(self.context, balance.value)

    def get_average_cost(self, balance: StockBalance) -> str | None:
        return priced(self.context, balance.average_cost.quantize(COST_STEP))


class StockBalanceFilter(serializers.Serializer[Any]):
    item = id_filter()
    location = id_filter()
    warehouse = id_filter()
    category = id_filter()
    q = serializers.CharField(required=False, allow_blank=True, default="")
    below_safety = serializers.BooleanField(required=False, default=False)


class StockLocationAvailabilitySerializer(serializers.Serializer[Any]):
    location = serializers.IntegerField(source="location_id")
    location_code = serializers.SerializerMethodField()
    location_kind = serializers.CharField(source="location.kind")
    sellable = serializers.SerializerMethodField()
    on_hand = decimal_field()
    reserved = decimal_field()
    available = decimal_field()

    def get_location_code(self, balance: StockBalance) -> str:
        return str(balance.location)

    def get_sellable(self, balance: StockBalance) -> bool:
        return balance.location.kind in SELLABLE


class StockItemAvailabilitySerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    unit = serializers.CharField(source="item.unit")
    on_hand = decimal_field(help_text="Over the sellable (storage and receiving) locations.")
    reserved = decimal_field()
    available = decimal_field(help_text="On hand minus reserved over the sellable locations.")
    locations = StockLocationAvailabilitySerializer(many=True)


class StockItemRefSerializer(serializers.ModelSerializer[Item]):
    class Meta:
        model = Item
        fields = ["id", "code", "name", "unit"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("item", OpenApiTypes.INT, description="Item id"),
            OpenApiParameter("location", OpenApiTypes.INT, description="Location id"),
            OpenApiParameter("warehouse", OpenApiTypes.INT, description="Warehouse id"),
            OpenApiParameter("category", OpenApiTypes.INT, description="Item category id"),
            OpenApiParameter("q", OpenApiTypes.STR, description="Item code, name or spec"),
            OpenApiParameter(
                "below_safety",
                OpenApiTypes.BOOL,
                description="Only items whose available stock is below their safety stock",
            ),
        ],
        responses={200: StockBalanceSerializer(many=True), **ERRORS},
    )
)
class BalanceViewSet(PricesMixin, mixins.ListModelMixin, viewsets.GenericViewSet[StockBalance]):
    """Stock per item and location: on hand, reserved, available (INV-1); value and average
    cost only with masterdata.view_prices (ORG-4)."""

    serializer_class = StockBalanceSerializer

    def visible(self) -> QuerySet[StockBalance]:
        self.require(VIEW)
        chosen = query_filters(StockBalanceFilter, self.request)
        rows = selectors.stock_list(
            warehouse_id=chosen.get("warehouse"),
            location_id=chosen.get("location"),
            category_id=chosen.get("category"),
            search=chosen["q"].strip(),
            below_safety=chosen["below_safety"],
        )
        if chosen.get("item"):
            rows = rows.filter(item_id=chosen["item"])
        return rows


class ItemStockViewSet(ActorMixin, viewsets.GenericViewSet[Item]):
    """What sales may promise of an item."""

    serializer_class = StockItemRefSerializer

    def visible(self) -> QuerySet[Item]:
        self.require(VIEW)
        return Item.objects.all()

    @extend_schema(responses={200: StockItemAvailabilitySerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def availability(self, request: Request, pk: str | None = None) -> Response:
        """Available stock of the item: the total over the sellable locations (on hand minus
        reserved) and each location's part."""
        item = self.get_object()
        return Response(StockItemAvailabilitySerializer(selectors.item_availability(item)).data)
