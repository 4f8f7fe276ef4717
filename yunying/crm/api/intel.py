"""Market intelligence over the API (MKT-1): competitors, entries (searchable, filterable,
sortable; corrected and deleted by their author) and the price chart's series."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import lists
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import NotAllowed
from yunying.masterdata.models import Item, Region

from .. import selectors
from ..lists import INTEL, intel_rows
from ..models import Competitor, MarketIntel
from ..services import intel
from .common import found, id_field

CHART_POINTS = 2000


class CompetitorSerializer(serializers.ModelSerializer[Competitor]):
    class Meta:
        model = Competitor
        fields = ["id", "name", "active"]
        read_only_fields = fields


class IntelSerializer(serializers.ModelSerializer[MarketIntel]):
    competitor_name = serializers.CharField(source="competitor.name", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True, default=None)
    region_name = serializers.CharField(source="region.name", read_only=True, default=None)
    author = serializers.CharField(source="created_by.name", read_only=True)

    class Meta:
        model = MarketIntel
        fields = [
            "id",
            "competitor",
            "competitor_name",
            "product",
            "item",
            "item_code",
            "price",
            "currency",
            "unit",
            "source",
            "observed_on",
            "region",
            "region_name",
            "notes",
            "created_by",
            "author",
            "created_at",
        ]
        read_only_fields = fields


class IntelInput(serializers.Serializer[Any]):
    competitor = id_field()
    product = serializers.CharField(max_length=200)
    item = id_field(required=False, allow_null=True, default=None)
    price = serializers.DecimalField(max_digits=18, decimal_places=4, min_value=0)
    currency = serializers.CharField(max_length=3, required=False, default="CNY")
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    source = serializers.ChoiceField(choices=MarketIntel.Source.choices)  # type: ignore[assignment]
    observed_on = serializers.DateField()
    region = id_field(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class IntelPricePointSerializer(serializers.Serializer[Any]):
    observed_on = serializers.DateField()
    price = serializers.DecimalField(max_digits=18, decimal_places=4)


class IntelPriceSeriesSerializer(serializers.Serializer[Any]):
    competitor = serializers.CharField()
    product = serializers.CharField()
    points = IntelPricePointSerializer(many=True)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "competitor": found(Competitor.objects.all(), data["competitor"], "competitor"),
        "item": found(Item.objects.all(), data["item"], "item"),
        "region": found(Region.objects.all(), data["region"], "region"),
    }


INTEL_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Competitor, product, item or notes."),
    OpenApiParameter("competitor", OpenApiTypes.INT),
    OpenApiParameter("product", OpenApiTypes.STR),
    OpenApiParameter("region", OpenApiTypes.INT),
    OpenApiParameter("source", OpenApiTypes.STR, enum=MarketIntel.Source.values),
    OpenApiParameter("since", OpenApiTypes.DATE),
    OpenApiParameter("until", OpenApiTypes.DATE),
]


class CompetitorInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)


class CompetitorActiveInput(serializers.Serializer[Any]):
    active = serializers.BooleanField()


class CompetitorViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Competitor],
):
    """The competitors intelligence entries name."""

    serializer_class = CompetitorSerializer

    def visible(self) -> QuerySet[Competitor]:
        if not selectors.may_see_intel(self.actor):
            return Competitor.objects.none()
        return Competitor.objects.order_by("name", "id")

    @extend_schema(request=CompetitorInput, responses={201: CompetitorSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Start watching a competitor (a name not on the list yet)."""
        return self.perform(
            intel.add_competitor, payload=CompetitorInput, answer=CompetitorSerializer, status=201
        )

    @extend_schema(request=CompetitorActiveInput, responses={200: CompetitorSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def active(self, request: Request, pk: str | None = None) -> Response:
        """Stop (``false``) or resume (``true``) watching a competitor; its entries stay."""
        return self.perform(
            intel.set_competitor_active,
            payload=CompetitorActiveInput,
            answer=CompetitorSerializer,
            competitor=self.get_object(),
        )


class IntelViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[MarketIntel],
):
    """Competitors' prices as observed (MKT-1)."""

    serializer_class = IntelSerializer

    def visible(self) -> QuerySet[MarketIntel]:
        if self.action in ("list", "chart"):
            params = self.request.query_params
            return lists.api_ordered(INTEL, intel_rows(self.actor, params), params)
        return selectors.intel_visible_to(self.actor)

    def _readers_only(self) -> None:
        if not selectors.may_see_intel(self.actor):
            raise NotAllowed(_("Market intelligence is for those who record or read it."))

    @extend_schema(parameters=[*INTEL_FILTERS, lists.sort_parameter(INTEL)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._readers_only()
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=INTEL_FILTERS,
        responses={200: IntelPriceSeriesSerializer(many=True), **ERRORS},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def chart(self, request: Request) -> Response:
        """Prices over time, one series per competitor and product, in date order."""
        self._readers_only()
        rows = intel_rows(self.actor, request.query_params).order_by("observed_on", "id")
        return Response(
            IntelPriceSeriesSerializer(selectors.price_points(rows[:CHART_POINTS]), many=True).data
        )

    @extend_schema(request=IntelInput, responses={201: IntelSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Record a competitor's price as observed: not in the future, not negative."""
        self.require("crm.record_intel")
        entry = intel.record_intel(actor=self.actor, **_values(valid_input(IntelInput, request)))
        return Response(IntelSerializer(entry).data, status=201)

    @extend_schema(request=IntelInput, responses={200: IntelSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Correct an entry: its author only."""
        entry = self.get_object()
        values = _values(valid_input(IntelInput, request))
        entry = intel.update_intel(actor=self.actor, entry=entry, **values)
        return Response(IntelSerializer(entry).data)

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        """Delete an entry: its author only; the audit trail keeps what it said."""
        intel.delete_intel(actor=self.actor, entry=self.get_object())
        return Response(status=204)
