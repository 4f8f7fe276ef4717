"""The stock ledger (INV-1): append-only entries, newest first, paged by cursor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from yunying.core.apibase import ERRORS
from yunying.core.lists import ordering, sort_parameter
from yunying.core.pagination import KeysetPagination
from yunying.masterdata.api import PricesMixin

from .. import selectors
from ..lists import LEDGER
from ..models import (
    LedgerKind,
    StockLedgerEntry,
)
from .common import (
    VIEW,
    id_filter,
    priced,
    query_filters,
)


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
        return priced(self.context, entry.unit_cost)

    def priced_value(self, entry: StockLedgerEntry) -> str | None:
        return priced(self.context, entry.value)


class StockLedgerFilter(serializers.Serializer[Any]):
    item = id_filter()
    location = id_filter()
    kind = serializers.ChoiceField(choices=LedgerKind.choices, required=False)
    number = serializers.CharField(required=False, allow_blank=True, default="")
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    source_type = serializers.CharField(required=False, allow_blank=True, default="")
    source_id = id_filter()


class LedgerPagination(KeysetPagination):
    """Keyset pages in the order ``?sort=`` chooses (``core.lists``: its fields, then the id);
    newest first without one."""

    ordering: tuple[str, ...] = selectors.LEDGER_ORDER

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self.ordering = ordering(LEDGER, request.query_params.get("sort"), strict=True)
        return super().paginate_queryset(queryset, request, view)


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
            sort_parameter(LEDGER),
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
        chosen = query_filters(StockLedgerFilter, self.request)
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
