"""Stocktakes (INV-5): plan, start counting, enter counts, finish or cancel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.approvals import selectors as approvals
from yunying.core.apibase import ERRORS
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Location

from .. import selectors
from ..models import (
    Stocktake,
    StocktakeLine,
)
from ..services import stocktakes
from .common import (
    MANAGE_STOCKTAKE,
    VIEW,
    decimal_field,
    priced,
    require_any,
)


class StocktakeLineSerializer(serializers.ModelSerializer[StocktakeLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    location_code = serializers.SerializerMethodField()
    variance = decimal_field(read_only=True, allow_null=True)
    variance_value = serializers.SerializerMethodField()

    class Meta:
        model = StocktakeLine
        fields = ["id", "item", "item_code", "item_name", "location", "location_code"]
        fields += ["book_quantity", "counted_quantity", "variance", "variance_value", "reason"]
        read_only_fields = fields

    def get_location_code(self, line: StocktakeLine) -> str:
        return str(line.location)

    def get_variance_value(self, line: StocktakeLine) -> str | None:
        return priced(self.context, line.variance_value)


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
        return priced(self.context, stocktakes.variance_value(stocktake))

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
    counted = decimal_field()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


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
        require_any(self, VIEW, MANAGE_STOCKTAKE)
        return (
            selectors.stocktakes_visible_to(self.actor)
            .prefetch_related("lines__item", "lines__location__warehouse")
            .order_by("-planned_date", "-id")
        )

    def _answer(self, stocktake: Stocktake, status: int = 200) -> Response:
        fresh = self.visible().get(pk=stocktake.pk)
        return Response(self.get_serializer(fresh).data, status=status)

    @extend_schema(request=StocktakeInput, responses={201: StocktakeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            stocktakes.plan_stocktake, payload=StocktakeInput, answer=self._answer, status=201
        )

    @extend_schema(request=None, responses={200: StocktakeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        """Freeze the locations and record their book quantities."""
        return self.perform(
            stocktakes.start_counting, answer=self._answer, stocktake=self.get_object()
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
        return self.perform(stocktakes.finish, answer=self._answer, stocktake=self.get_object())

    @extend_schema(request=None, responses={200: StocktakeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(stocktakes.cancel, answer=self._answer, stocktake=self.get_object())
