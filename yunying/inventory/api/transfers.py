"""Stock transfers between locations (INV-6), posted when created; cancelling posts the
reversal."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, valid_input
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Location

from .. import selectors
from ..models import (
    StockTransfer,
    StockTransferLine,
)
from ..services import transfers
from .common import (
    MOVE,
    VIEW,
    decimal_field,
    require_any,
)


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
    quantity = decimal_field()


class StockTransferInput(serializers.Serializer[Any]):
    posting_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    lines = StockTransferLineInput(many=True)


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
        require_any(self, VIEW, MOVE)
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
        return self.perform(
            transfers.cancel_transfer, answer=StockTransferSerializer, transfer=self.get_object()
        )
