"""REST resources of the items and item categories. Everybody reads them; prices are null for
those who may not see them (ORG-4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.models import Employee

from .. import selectors
from ..models import Item, ItemCategory, Supplier
from ..services import items
from .common import PricesMixin, keeping_code, param


class CategorySerializer(serializers.ModelSerializer[ItemCategory]):
    class Meta:
        model = ItemCategory
        fields = ["id", "code", "name"]
        read_only_fields = fields


class CategoryInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)


class ItemSerializer(serializers.ModelSerializer[Item]):
    category_code = serializers.CharField(source="category.code", read_only=True)
    default_supplier_code = serializers.CharField(
        source="default_supplier.code", read_only=True, default=None
    )
    planner_name = serializers.CharField(source="planner.name", read_only=True, default=None)
    standard_cost = serializers.SerializerMethodField()
    sales_price = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "code",
            "name",
            "specification",
            "unit",
            "category",
            "category_code",
            "safety_stock",
            "reorder_quantity",
            "lead_time_days",
            "default_supplier",
            "default_supplier_code",
            "standard_cost",
            "sales_price",
            "planner",
            "planner_name",
            "active",
        ]
        read_only_fields = fields

    def _price(self, value: Any) -> str | None:
        return str(value) if self.context.get("prices") else None

    def get_standard_cost(self, item: Item) -> str | None:
        """Null without masterdata.view_prices (ORG-4)."""
        return self._price(item.standard_cost)

    def get_sales_price(self, item: Item) -> str | None:
        """The list price; null without masterdata.view_prices (ORG-4)."""
        return self._price(item.sales_price)


def _quantity() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=18, decimal_places=3, min_value=Decimal(0), required=False
    )


def _price() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=18, decimal_places=4, min_value=Decimal(0), required=False, allow_null=True
    )


class ItemInput(serializers.Serializer[Any]):
    """Fields left out keep their value (a new item gets the defaults). On update the code is
    ignored: an item keeps its code. Prices need masterdata.view_prices; null keeps them."""

    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    category = serializers.PrimaryKeyRelatedField(queryset=ItemCategory.objects.all())
    specification = serializers.CharField(max_length=200, allow_blank=True, required=False)
    unit = serializers.CharField(max_length=20, required=False)
    safety_stock = _quantity()
    reorder_quantity = _quantity()
    lead_time_days = serializers.IntegerField(min_value=0, max_value=36500, required=False)
    default_supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), allow_null=True, required=False
    )
    standard_cost = _price()
    sales_price = _price()
    planner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), allow_null=True, required=False
    )
    active = serializers.BooleanField(required=False)


class CategoryViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[ItemCategory]):
    """Item categories. Creating one needs masterdata.manage_items."""

    serializer_class = CategorySerializer
    pagination_class = None

    def visible(self) -> QuerySet[ItemCategory]:
        return selectors.categories()

    @extend_schema(request=CategoryInput, responses={201: CategorySerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            items.create_category, payload=CategoryInput, answer=CategorySerializer, status=201
        )


class ItemViewSet(
    PricesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Item]
):
    """Items (components). Everybody reads them; the prices only with masterdata.view_prices
    (ORG-4); creating and changing them needs masterdata.manage_items."""

    serializer_class = ItemSerializer

    def visible(self) -> QuerySet[Item]:
        return selectors.items()

    def filter_queryset(self, queryset: QuerySet[Item]) -> QuerySet[Item]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        category = selectors.category_by_key(params.get("category", ""))
        if params.get("category") and category is None:
            return queryset.none()
        return selectors.items(
            search=params.get("search", ""),
            category=category,
            active={"true": True, "1": True, "false": False, "0": False}.get(
                params.get("active", "").lower()
            ),
        )

    @extend_schema(
        parameters=[
            param("search", "Part of the code, name or specification"),
            param("category", "A category id or code"),
            param("active", "true or false", bool),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ItemInput, responses={201: ItemSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(items.create_item, payload=ItemInput, answer=self._item, status=201)

    @extend_schema(request=ItemInput, responses={200: ItemSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(
            keeping_code(items.update_item),
            payload=ItemInput,
            answer=self._fresh_item,
            item=self.get_object(),
        )

    def _item(self, item: Item, status: int) -> Response:
        return Response(self.get_serializer(item).data, status=status)

    def _fresh_item(self, item: Item, status: int) -> Response:
        return self._item(selectors.items().get(pk=item.pk), status)
