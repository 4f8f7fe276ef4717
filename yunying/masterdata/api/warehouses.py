"""REST resources of the warehouses and their locations. Everybody reads them; creating and
changing them needs masterdata.manage_items."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.params import as_id

from .. import selectors
from ..models import Location, Warehouse
from ..services import warehouses
from .common import param


class LocationSerializer(serializers.ModelSerializer[Location]):
    warehouse_code = serializers.CharField(source="warehouse.code", read_only=True)

    class Meta:
        model = Location
        fields = ["id", "warehouse", "warehouse_code", "code", "name", "kind", "active"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Location")
class LocationInput(serializers.Serializer[Any]):
    """On update the warehouse and the code are ignored: a location keeps them."""

    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all())
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Location.Kind.choices, default=Location.Kind.STORAGE)
    active = serializers.BooleanField(required=False, default=True)


class WarehouseSerializer(serializers.ModelSerializer[Warehouse]):
    locations = LocationSerializer(many=True, read_only=True)

    class Meta:
        model = Warehouse
        fields = ["id", "code", "name", "address", "active", "locations"]
        read_only_fields = fields


class WarehouseInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class WarehouseViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Warehouse],
):
    """Warehouses with their locations. Creating one needs masterdata.manage_items."""

    serializer_class = WarehouseSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Warehouse]:
        return selectors.warehouses()

    @extend_schema(request=WarehouseInput, responses={201: WarehouseSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            warehouses.create_warehouse, payload=WarehouseInput, answer=self._fresh, status=201
        )

    def _fresh(self, warehouse: Warehouse, status: int) -> Response:
        fresh = selectors.warehouses().get(pk=warehouse.pk)
        return Response(WarehouseSerializer(fresh).data, status=status)


class LocationViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Location],
):
    """Locations of the warehouses, each of a kind (storage, receiving, returns, quarantine).
    Creating and changing them needs masterdata.manage_items."""

    serializer_class = LocationSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Location]:
        return selectors.locations()

    def filter_queryset(self, queryset: QuerySet[Location]) -> QuerySet[Location]:
        warehouse = self.request.query_params.get("warehouse", "")
        if self.action == "list" and warehouse:
            warehouse_id = as_id(warehouse)
            if warehouse_id is not None:
                return queryset.filter(warehouse_id=warehouse_id)
            return queryset.filter(warehouse__code=warehouse)
        return queryset

    @extend_schema(parameters=[param("warehouse", "A warehouse id or code")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=LocationInput, responses={201: LocationSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(LocationInput, request)
        active = data.pop("active")
        location = warehouses.create_location(actor=self.actor, **data)
        if not active:
            location = warehouses.update_location(location=location, actor=self.actor, active=False)
        return Response(LocationSerializer(location).data, status=201)

    @extend_schema(request=LocationInput, responses={200: LocationSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(
            self._update,
            payload=LocationInput,
            answer=LocationSerializer,
            location=self.get_object(),
        )

    @staticmethod
    def _update(
        *, location: Location, actor: Any, warehouse: Warehouse, code: str, **fields: Any
    ) -> Location:
        """A location keeps its warehouse and its code."""
        return warehouses.update_location(location=location, actor=actor, **fields)
