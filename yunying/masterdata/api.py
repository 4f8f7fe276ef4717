"""REST resources of the master data: items and categories, warehouses and locations, suppliers
and customers (scoped, ORG-4), regions (SALES-6). Prices are null for those who may not see
them (ORG-4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.models import Department, Employee
from yunying.core.params import as_id

from . import selectors
from .models import Contact, Customer, Item, ItemCategory, Location, Region, Supplier, Warehouse
from .services import records

extra_urls: list[Any] = []


# --------------------------------------------------------------------------- serializers


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


class ContactSerializer(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = ["id", "name", "role", "phone", "email"]
        read_only_fields = fields


PARTY_FIELDS = [
    "id",
    "code",
    "name",
    "contact_person",
    "phone",
    "email",
    "address",
    "payment_terms_days",
    "department",
    "department_name",
    "owner",
    "owner_name",
    "active",
    "created_at",
    "contacts",
]


class SupplierSerializer(serializers.ModelSerializer[Supplier]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, default=None)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = [*PARTY_FIELDS, "blocked", "block_reason"]
        read_only_fields = fields


class PartyInput(serializers.Serializer[Any]):
    """Fields left out keep their value (a new record gets the defaults). On update the code
    is ignored: a record keeps its code."""

    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=200)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    contact_person = serializers.CharField(max_length=100, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    address = serializers.CharField(max_length=300, allow_blank=True, required=False)
    payment_terms_days = serializers.IntegerField(min_value=0, max_value=36500, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), allow_null=True, required=False
    )
    active = serializers.BooleanField(required=False)


class SupplierInput(PartyInput):
    pass


class BlockInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, default=None)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Customer
        fields = [*PARTY_FIELDS, "kind", "region", "region_code", "region_name", "credit_limit"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Customer")
class CustomerInput(PartyInput):
    kind = serializers.ChoiceField(choices=Customer.Kind.choices, required=False)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    credit_limit = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal(0), required=False
    )


class RegionSerializer(serializers.ModelSerializer[Region]):
    depth = serializers.SerializerMethodField()
    manager_name = serializers.CharField(source="manager.name", read_only=True, default=None)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "parent", "path", "depth", "manager", "manager_name"]
        read_only_fields = fields

    def get_depth(self, region: Region) -> int:
        """0 for a top region, 1 for its children, …"""
        return selectors.depth(region)


class RegionInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Region.objects.all(), allow_null=True, required=False, default=None
    )
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), allow_null=True, required=False, default=None
    )


# --------------------------------------------------------------------------- views


def _param(name: str, description: str, type_: Any = str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description)


class PricesMixin(ActorMixin):
    """Tells the serializers whether the caller may see prices, costs and values (ORG-4)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if not getattr(self, "swagger_fake_view", False):
            context["prices"] = selectors.prices_visible(self.actor)
        return context


class CategoryViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[ItemCategory]):
    """Item categories. Creating one needs masterdata.manage_items."""

    serializer_class = CategorySerializer
    pagination_class = None

    def visible(self) -> QuerySet[ItemCategory]:
        return selectors.categories()

    @extend_schema(request=CategoryInput, responses={201: CategorySerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(CategoryInput, request)
        category = records.create_category(code=data["code"], name=data["name"], actor=self.actor)
        return Response(CategorySerializer(category).data, status=201)


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
            _param("search", "Part of the code, name or specification"),
            _param("category", "A category id or code"),
            _param("active", "true or false", bool),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ItemInput, responses={201: ItemSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(ItemInput, request)
        item = records.create_item(actor=self.actor, **data)
        return Response(self.get_serializer(item).data, status=201)

    @extend_schema(request=ItemInput, responses={200: ItemSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        data = valid_input(ItemInput, request)
        data.pop("code")
        item = records.update_item(item=item, actor=self.actor, **data)
        return Response(self.get_serializer(selectors.items().get(pk=item.pk)).data)


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
        data = valid_input(WarehouseInput, request)
        warehouse = records.create_warehouse(actor=self.actor, **data)
        return Response(
            WarehouseSerializer(selectors.warehouses().get(pk=warehouse.pk)).data, status=201
        )


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

    @extend_schema(parameters=[_param("warehouse", "A warehouse id or code")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=LocationInput, responses={201: LocationSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(LocationInput, request)
        active = data.pop("active")
        location = records.create_location(actor=self.actor, **data)
        if not active:
            location = records.update_location(location=location, actor=self.actor, active=False)
        return Response(LocationSerializer(location).data, status=201)

    @extend_schema(request=LocationInput, responses={200: LocationSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        location = self.get_object()
        data = valid_input(LocationInput, request)
        location = records.update_location(
            location=location,
            actor=self.actor,
            name=data["name"],
            kind=data["kind"],
            active=data["active"],
        )
        return Response(LocationSerializer(location).data)


class SupplierViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Supplier]
):
    """Suppliers within the caller's data scope for masterdata.view_supplier (ORG-4); changes
    need masterdata.manage_supplier with a scope covering the supplier."""

    serializer_class = SupplierSerializer

    def visible(self) -> QuerySet[Supplier]:
        return selectors.suppliers_visible_to(self.actor).prefetch_related("contacts")

    def filter_queryset(self, queryset: QuerySet[Supplier]) -> QuerySet[Supplier]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        return selectors.search_suppliers(
            queryset, search=params.get("search", ""), status=params.get("status", "")
        )

    @extend_schema(
        parameters=[
            _param("search", "Part of the code, name, contact person or phone"),
            _param("status", "active, blocked or inactive"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require(records.VIEW_SUPPLIER)
        return super().list(request, *args, **kwargs)

    def _answer(self, supplier: Supplier, status: int = 200) -> Response:
        fresh = Supplier.objects.prefetch_related("contacts").select_related("department", "owner")
        return Response(SupplierSerializer(fresh.get(pk=supplier.pk)).data, status=status)

    @extend_schema(request=SupplierInput, responses={201: SupplierSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(SupplierInput, request)
        return self._answer(records.create_supplier(actor=self.actor, **data), 201)

    @extend_schema(request=SupplierInput, responses={200: SupplierSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        supplier = self.get_object()
        data = valid_input(SupplierInput, request)
        data.pop("code")
        return self._answer(records.update_supplier(supplier=supplier, actor=self.actor, **data))

    @extend_schema(request=BlockInput, responses={200: SupplierSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def block(self, request: Request, pk: str | None = None) -> Response:
        """Block the supplier from new contracts; the reason is required (PROC-7)."""
        data = valid_input(BlockInput, request)
        supplier = records.set_supplier_blocked(
            supplier=self.get_object(), blocked=True, reason=data["reason"], actor=self.actor
        )
        return self._answer(supplier)

    @extend_schema(request=None, responses={200: SupplierSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def unblock(self, request: Request, pk: str | None = None) -> Response:
        """Lift the block (PROC-7)."""
        supplier = records.set_supplier_blocked(
            supplier=self.get_object(), blocked=False, actor=self.actor
        )
        return self._answer(supplier)


class CustomerViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Customer]
):
    """Customers within the caller's data scope for masterdata.view_customer (ORG-4); changes
    need masterdata.manage_customer with a scope covering the customer."""

    serializer_class = CustomerSerializer

    def visible(self) -> QuerySet[Customer]:
        return selectors.customers_visible_to(self.actor).prefetch_related("contacts")

    def filter_queryset(self, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        region_key = params.get("region", "")
        region = None
        if region_key:
            region_id = as_id(region_key)
            region = (
                Region.objects.filter(pk=region_id).first()
                if region_id is not None
                else Region.objects.filter(code=region_key).first()
            )
            if region is None:
                return queryset.none()
        return selectors.search_customers(
            queryset,
            search=params.get("search", ""),
            region=region,
            kind=params.get("kind", ""),
        )

    @extend_schema(
        parameters=[
            _param("search", "Part of the code, name, contact person or phone"),
            _param("region", "A region id or code; includes the regions below it"),
            _param("kind", "direct or distributor"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require(records.VIEW_CUSTOMER)
        return super().list(request, *args, **kwargs)

    def _answer(self, customer: Customer, status: int = 200) -> Response:
        fresh = Customer.objects.prefetch_related("contacts").select_related(
            "department", "owner", "region"
        )
        return Response(CustomerSerializer(fresh.get(pk=customer.pk)).data, status=status)

    @extend_schema(request=CustomerInput, responses={201: CustomerSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(CustomerInput, request)
        return self._answer(records.create_customer(actor=self.actor, **data), 201)

    @extend_schema(request=CustomerInput, responses={200: CustomerSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        customer = self.get_object()
        data = valid_input(CustomerInput, request)
        data.pop("code")
        return self._answer(records.update_customer(customer=customer, actor=self.actor, **data))


class RegionViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Region]):
    """The sales regions as a tree in pre-order (a parent before its children, with ``parent``
    and ``depth``) (SALES-6). Creating one needs masterdata.manage_customer."""

    serializer_class = RegionSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Region]:
        return selectors.regions()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(RegionSerializer(selectors.regions_in_tree_order(), many=True).data)

    @extend_schema(request=RegionInput, responses={201: RegionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(RegionInput, request)
        region = records.create_region(actor=self.actor, **data)
        return Response(RegionSerializer(region).data, status=201)


def register(router: DefaultRouter) -> None:
    router.register("item-categories", CategoryViewSet, basename="item-category")
    router.register("items", ItemViewSet, basename="item")
    router.register("warehouses", WarehouseViewSet, basename="warehouse")
    router.register("locations", LocationViewSet, basename="location")
    router.register("suppliers", SupplierViewSet, basename="supplier")
    router.register("customers", CustomerViewSet, basename="customer")
    router.register("regions", RegionViewSet, basename="region")
