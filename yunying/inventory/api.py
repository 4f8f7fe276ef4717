"""REST resources of the inventory: balances, availability, the ledger, transfers, stocktakes,
the replenishment proposal, closed periods and alerts. Values and costs only for those who may
see prices (ORG-4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.pagination import KeysetPagination
from yunying.core.params import ID_MAX
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Location

from . import replenishment, selectors
from .models import (
    LedgerKind,
    StockAlert,
    StockBalance,
    StockLedgerEntry,
    StockPeriod,
    Stocktake,
    StocktakeLine,
    StockTransfer,
    StockTransferLine,
)
from .services import periods, stocktakes, transfers
from .services.alerts import SELLABLE

VIEW = selectors.VIEW
MOVE = selectors.MOVE
MANAGE_STOCKTAKE = selectors.MANAGE_STOCKTAKE
REPLENISH = "inventory.manage_replenishment"
COST_STEP = Decimal("0.000001")


def _decimal(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def _priced(context: dict[str, Any], value: Any) -> str | None:
    """A value or cost, shown only to those who may see prices (ORG-4)."""
    return str(value) if context.get("prices") else None


def _require_any(view: ActorMixin, *codes: str) -> None:
    if not any(access.has_perm(view.actor, code) for code in codes):
        access.require(view.actor, codes[0])


# --------------------------------------------------------------------------- serializers


class StockBalanceSerializer(serializers.ModelSerializer[StockBalance]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    location_code = serializers.SerializerMethodField()
    available = _decimal(read_only=True)
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
        return _priced(self.context, balance.value)

    def get_average_cost(self, balance: StockBalance) -> str | None:
        return _priced(self.context, balance.average_cost.quantize(COST_STEP))


def _id_filter() -> serializers.IntegerField:
    """An id to filter by: a whole number a bigint column holds (a larger one is a 400 naming
    the parameter, not a failed query)."""
    return serializers.IntegerField(required=False, min_value=0, max_value=ID_MAX)


class StockBalanceFilter(serializers.Serializer[Any]):
    item = _id_filter()
    location = _id_filter()
    warehouse = _id_filter()
    category = _id_filter()
    q = serializers.CharField(required=False, allow_blank=True, default="")
    below_safety = serializers.BooleanField(required=False, default=False)


class StockLocationAvailabilitySerializer(serializers.Serializer[Any]):
    location = serializers.IntegerField(source="location_id")
    location_code = serializers.SerializerMethodField()
    location_kind = serializers.CharField(source="location.kind")
    sellable = serializers.SerializerMethodField()
    on_hand = _decimal()
    reserved = _decimal()
    available = _decimal()

    def get_location_code(self, balance: StockBalance) -> str:
        return str(balance.location)

    def get_sellable(self, balance: StockBalance) -> bool:
        return balance.location.kind in SELLABLE


class StockItemAvailabilitySerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    unit = serializers.CharField(source="item.unit")
    on_hand = _decimal(help_text="Over the sellable (storage and receiving) locations.")
    reserved = _decimal()
    available = _decimal(help_text="On hand minus reserved over the sellable locations.")
    locations = StockLocationAvailabilitySerializer(many=True)


class StockItemRefSerializer(serializers.ModelSerializer[Item]):
    class Meta:
        model = Item
        fields = ["id", "code", "name", "unit"]
        read_only_fields = fields


class StockLedgerEntrySerializer(serializers.ModelSerializer[StockLedgerEntry]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    location_code = serializers.SerializerMethodField()
    unit_cost = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField(method_name="priced_value")
    actor_name = serializers.CharField(source="actor.name", read_only=True, default=None)
    # A plain string: the procurement API shows ledger entries with the enum already.
    kind = serializers.CharField(read_only=True, help_text=", ".join(LedgerKind.values))
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = StockLedgerEntry
        fields = [
            "id",
            "item",
            "item_code",
            "location",
            "location_code",
            "kind",
            "kind_label",
            "quantity",
            "unit_cost",
            "value",
            "posting_date",
            "posted_at",
            "source_type",
            "source_id",
            "source_number",
            "source_line",
            "reverses",
            "actor",
            "actor_name",
        ]
        read_only_fields = fields

    def get_location_code(self, entry: StockLedgerEntry) -> str:
        return str(entry.location)

    def get_unit_cost(self, entry: StockLedgerEntry) -> str | None:
        return _priced(self.context, entry.unit_cost)

    def priced_value(self, entry: StockLedgerEntry) -> str | None:
        return _priced(self.context, entry.value)


class StockLedgerFilter(serializers.Serializer[Any]):
    item = _id_filter()
    location = _id_filter()
    kind = serializers.ChoiceField(choices=LedgerKind.choices, required=False)
    number = serializers.CharField(required=False, allow_blank=True, default="")
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    source_type = serializers.CharField(required=False, allow_blank=True, default="")
    source_id = _id_filter()


class StockTransferLineSerializer(serializers.ModelSerializer[StockTransferLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    from_code = serializers.SerializerMethodField()
    to_code = serializers.SerializerMethodField()

    class Meta:
        model = StockTransferLine
        fields = ["id", "item", "item_code", "from_location", "from_code", "to_location"]
        fields += ["to_code", "quantity"]
        read_only_fields = fields

    def get_from_code(self, line: StockTransferLine) -> str:
        return str(line.from_location)

    def get_to_code(self, line: StockTransferLine) -> str:
        return str(line.to_location)


class StockTransferSerializer(serializers.ModelSerializer[StockTransfer]):
    created_by_name = serializers.CharField(source="created_by.name", read_only=True)
    lines = StockTransferLineSerializer(many=True, read_only=True)

    class Meta:
        model = StockTransfer
        fields = ["id", "number", "state", "posting_date", "note", "posted_at", "created_by"]
        fields += ["created_by_name", "created_at", "lines"]
        read_only_fields = fields


class StockTransferLineInput(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    from_location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    to_location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    quantity = _decimal()


class StockTransferInput(serializers.Serializer[Any]):
    posting_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    lines = StockTransferLineInput(many=True)


class StocktakeLineSerializer(serializers.ModelSerializer[StocktakeLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    location_code = serializers.SerializerMethodField()
    variance = _decimal(read_only=True, allow_null=True)
    variance_value = serializers.SerializerMethodField()

    class Meta:
        model = StocktakeLine
        fields = ["id", "item", "item_code", "item_name", "location", "location_code"]
        fields += ["book_quantity", "counted_quantity", "variance", "variance_value", "reason"]
        read_only_fields = fields

    def get_location_code(self, line: StocktakeLine) -> str:
        return str(line.location)

    def get_variance_value(self, line: StocktakeLine) -> str | None:
        return _priced(self.context, line.variance_value)


class StocktakeSerializer(serializers.ModelSerializer[Stocktake]):
    created_by_name = serializers.CharField(source="created_by.name", read_only=True)
    lines = StocktakeLineSerializer(many=True, read_only=True)
    variance_value = serializers.SerializerMethodField(
        help_text="The variance values added without sign; compared with the approval threshold."
    )
    approval = serializers.SerializerMethodField(help_text="The latest approval request, if any.")

    class Meta:
        model = Stocktake
        fields = ["id", "number", "state", "planned_date", "locations", "note", "started_at"]
        fields += ["posted_at", "created_by", "created_by_name", "created_at", "lines"]
        fields += ["variance_value", "approval"]
        read_only_fields = fields

    def get_variance_value(self, stocktake: Stocktake) -> str | None:
        return _priced(self.context, stocktakes.variance_value(stocktake))

    def get_approval(self, stocktake: Stocktake) -> int | None:
        request = approvals.latest_request(stocktake)
        return request.pk if request is not None else None


class StocktakeInput(serializers.Serializer[Any]):
    locations = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), many=True)
    planned_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class StocktakeCountInput(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    counted = _decimal()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReplenishmentProposalSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    on_hand = _decimal()
    open_demand = _decimal()
    planned_supply = _decimal()
    position = _decimal(help_text="On hand + planned supply − open demand.")
    weekly_forecast = _decimal()
    cover_days = serializers.IntegerField(help_text="Lead time + review period.")
    safety_stock = _decimal()
    need = _decimal(help_text="Safety stock + weekly forecast × cover days / 7.")
    quantity = _decimal(help_text="Need − position, rounded up to the reorder quantity.")


class ReplenishmentSerializer(serializers.Serializer[Any]):
    alpha = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="Smoothing factor.")
    weeks = serializers.IntegerField(help_text="Weeks of issue history in the forecast.")
    review_days = serializers.IntegerField()
    clause = serializers.CharField()
    proposals = ReplenishmentProposalSerializer(many=True)


class StockPeriodSerializer(serializers.ModelSerializer[StockPeriod]):
    closed_by_name = serializers.CharField(source="closed_by.name", read_only=True)

    class Meta:
        model = StockPeriod
        fields = ["id", "year", "month", "closed_at", "closed_by", "closed_by_name"]
        read_only_fields = fields


class StockPeriodInput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    month = serializers.IntegerField()


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


def _filters(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """The query parameters validated; a malformed one is a 400 naming it."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --------------------------------------------------------------------------- views


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
        chosen = _filters(StockBalanceFilter, self.request)
        return selectors.stock_list(
            warehouse_id=chosen.get("warehouse"),
            location_id=chosen.get("location"),
            category_id=chosen.get("category"),
            search=chosen["q"].strip(),
            below_safety=chosen["below_safety"],
        )


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


class LedgerPagination(KeysetPagination):
    ordering = selectors.LEDGER_ORDER


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("item", OpenApiTypes.INT, description="Item id"),
            OpenApiParameter("location", OpenApiTypes.INT, description="Location id"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=LedgerKind.values),
            OpenApiParameter("number", OpenApiTypes.STR, description="Document number, part of"),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="Posting date from"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Posting date until"),
            OpenApiParameter(
                "source_type", OpenApiTypes.STR, description="e.g. inventory.stocktake"
            ),
            OpenApiParameter("source_id", OpenApiTypes.INT, description="Id of the document"),
        ],
        responses={200: StockLedgerEntrySerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(responses={200: StockLedgerEntrySerializer, **ERRORS}),
)
class LedgerViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[StockLedgerEntry],
):
    """The stock ledger (INV-1), newest first: append-only, each entry with its document. It
    grows without end, so it pages by cursor: follow ``next``; there is no count."""

    serializer_class = StockLedgerEntrySerializer
    pagination_class = LedgerPagination

    def visible(self) -> QuerySet[StockLedgerEntry]:
        self.require(VIEW)
        if self.action != "list":
            return selectors.ledger()
        chosen = _filters(StockLedgerFilter, self.request)
        rows = selectors.ledger_search(
            kind=chosen.get("kind", ""),
            number=chosen["number"].strip(),
            date_from=chosen.get("date_from"),
            date_to=chosen.get("date_to"),
        )
        if "item" in chosen:
            rows = rows.filter(item_id=chosen["item"])
        if "location" in chosen:
            rows = rows.filter(location_id=chosen["location"])
        if chosen["source_type"]:
            rows = rows.filter(source_type=chosen["source_type"])
        if "source_id" in chosen:
            rows = rows.filter(source_id=chosen["source_id"])
        return rows


@extend_schema_view(
    list=extend_schema(responses={200: StockTransferSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: StockTransferSerializer, **ERRORS}),
)
class TransferViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[StockTransfer],
):
    """Stock transfers between locations, posted when created (INV-6: never beyond what is
    available at the source); cancelling posts the reversal."""

    serializer_class = StockTransferSerializer

    def visible(self) -> QuerySet[StockTransfer]:
        _require_any(self, VIEW, MOVE)
        return (
            selectors.transfers_visible_to(self.actor)
            .prefetch_related("lines__item", "lines__from_location__warehouse")
            .prefetch_related("lines__to_location__warehouse")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=StockTransferInput, responses={201: StockTransferSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(StockTransferInput, request)
        transfer = transfers.transfer_stock(
            lines=[transfers.TransferLine(**line) for line in data["lines"]],
            actor=self.actor,
            posting_date=data["posting_date"],
            note=data["note"],
        )
        return Response(StockTransferSerializer(transfer).data, status=201)

    @extend_schema(request=None, responses={200: StockTransferSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the transfer; a posted one gets its reversal posted."""
        transfer = transfers.cancel_transfer(transfer=self.get_object(), actor=self.actor)
        return Response(StockTransferSerializer(transfer).data)


@extend_schema_view(
    list=extend_schema(responses={200: StocktakeSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: StocktakeSerializer, **ERRORS}),
)
class StocktakeViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Stocktake],
):
    """Stocktakes (INV-5): plan, start counting (the locations freeze), enter counts, finish
    (posts the adjustments, or submits them for approval above the threshold), cancel."""

    serializer_class = StocktakeSerializer

    def visible(self) -> QuerySet[Stocktake]:
        _require_any(self, VIEW, MANAGE_STOCKTAKE)
        return (
            selectors.stocktakes_visible_to(self.actor)
            .prefetch_related("lines__item", "lines__location__warehouse")
            .order_by("-planned_date", "-id")
        )

    def _answer(self, stocktake: Stocktake) -> Response:
        fresh = self.visible().get(pk=stocktake.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=StocktakeInput, responses={201: StocktakeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(StocktakeInput, request)
        stocktake = stocktakes.plan_stocktake(
            locations=data["locations"],
            planned_date=data["planned_date"],
            note=data["note"],
            actor=self.actor,
        )
        response = self._answer(stocktake)
        response.status_code = 201
        return response

    @extend_schema(request=None, responses={200: StocktakeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        """Freeze the locations and record their book quantities."""
        return self._answer(
            stocktakes.start_counting(stocktake=self.get_object(), actor=self.actor)
        )

    @extend_schema(
        request=StocktakeCountInput(many=True), responses={200: StocktakeSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def counts(self, request: Request, pk: str | None = None) -> Response:
        """Counted quantities (and reasons) as a list; an item the book does not list at a
        counted location is added with a book quantity of zero. All or nothing."""
        stocktake = self.get_object()
        serializer = StocktakeCountInput(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        counts = [
            stocktakes.Count(row["item"], row["location"], row["counted"], row["reason"])
            for row in serializer.validated_data
        ]
        return self._answer(
            stocktakes.record_counts(stocktake=stocktake, counts=counts, actor=self.actor)
        )

    @extend_schema(request=None, responses={200: StocktakeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str | None = None) -> Response:
        """Post the adjustments, or submit the variances for approval above the threshold."""
        return self._answer(stocktakes.finish(stocktake=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: StocktakeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(stocktakes.cancel(stocktake=self.get_object(), actor=self.actor))


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


@extend_schema_view(list=extend_schema(responses={200: StockPeriodSerializer(many=True), **ERRORS}))
class PeriodViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[StockPeriod]):
    """Closed stock months (INV-1): nothing is posted with a date inside them."""

    serializer_class = StockPeriodSerializer

    def visible(self) -> QuerySet[StockPeriod]:
        _require_any(self, VIEW, periods.CLOSE)
        return selectors.closed_periods()

    @extend_schema(request=StockPeriodInput, responses={201: StockPeriodSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(StockPeriodInput, request)
        period = periods.close_period(year=data["year"], month=data["month"], actor=self.actor)
        return Response(StockPeriodSerializer(period).data, status=201)


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
        _require_any(self, VIEW, REPLENISH)
        chosen = _filters(StockAlertFilter, self.request)
        return selectors.alerts(state=chosen.get("state", ""))


def register(router: DefaultRouter) -> None:
    router.register("inventory/balances", BalanceViewSet, basename="inventory-balance")
    router.register("inventory/items", ItemStockViewSet, basename="inventory-item")
    router.register("inventory/ledger", LedgerViewSet, basename="inventory-ledger")
    router.register("inventory/transfers", TransferViewSet, basename="inventory-transfer")
    router.register("inventory/stocktakes", StocktakeViewSet, basename="inventory-stocktake")
    router.register(
        "inventory/replenishment", ReplenishmentViewSet, basename="inventory-replenishment"
    )
    router.register("inventory/periods", PeriodViewSet, basename="inventory-period")
    router.register("inventory/alerts", AlertViewSet, basename="inventory-alert")


extra_urls: list[Any] = []
