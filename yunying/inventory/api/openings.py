"""Opening stock (INV-1): goods taken into stock without a purchase contract, posted when created;
cancelling posts the reversal, refused once the goods were used (INV-6). Unit costs only for
those who may see prices (ORG-4)."""

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
from ..models import OpeningStock, OpeningStockLine
from ..services import opening
from .common import VIEW, decimal_field, priced, require_any


class OpeningStockLineSerializer(serializers.ModelSerializer[OpeningStockLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    location_code = serializers.SerializerMethodField()
    unit_cost = serializers.SerializerMethodField()

    class Meta:
        model = OpeningStockLine
        fields = ["id", "item", "item_code", "location", "location_code", "quantity"]
        fields += ["unit_cost"]
        read_only_fields = fields

    def get_location_code(self, line: OpeningStockLine) -> str:
        return str(line.location)

    def get_unit_cost(self, line: OpeningStockLine) -> str | None:
        return priced(self.context, line.unit_cost)


class OpeningStockSerializer(serializers.ModelSerializer[OpeningStock]):
    created_by_name = serializers.CharField(source="created_by.name", read_only=True)
    lines = OpeningStockLineSerializer(many=True, read_only=True)

    class Meta:
        model = OpeningStock
        fields = ["id", "number", "state", "posting_date", "note", "posted_at", "created_by"]
        fields += ["created_by_name", "created_at", "lines"]
        read_only_fields = fields


class OpeningStockLineInput(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.filter(active=True))
    quantity = decimal_field()
    unit_cost = serializers.DecimalField(max_digits=18, decimal_places=6, min_value=0)


class OpeningStockInput(serializers.Serializer[Any]):
    posting_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    lines = OpeningStockLineInput(many=True)


@extend_schema_view(
    list=extend_schema(responses={200: OpeningStockSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: OpeningStockSerializer, **ERRORS}),
)
class OpeningStockViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[OpeningStock],
):
    """Opening stock and goods taken in without a contract, posted when created (INV-1);
    cancelling posts the reversal, refused once the goods were used (INV-6)."""

    serializer_class = OpeningStockSerializer

    def visible(self) -> QuerySet[OpeningStock]:
        require_any(self, VIEW, opening.IMPORT)
        return (
            selectors.openings_visible_to(self.actor)
            .prefetch_related("lines__item", "lines__location__warehouse")
            .order_by("-created_at", "-id")
        )

    def answer(self, document: OpeningStock, status: int) -> Response:
        document = self.visible().get(pk=document.pk)
        context = self.get_serializer_context()
        return Response(OpeningStockSerializer(document, context=context).data, status=status)

    @extend_schema(request=OpeningStockInput, responses={201: OpeningStockSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(OpeningStockInput, request)
        document = opening.post_opening_stock(
            lines=[
                opening.OpeningLine(
                    line["item"].pk, line["location"].pk, line["quantity"], line["unit_cost"]
                )
                for line in data["lines"]
            ],
            actor=self.actor,
            posting_date=data["posting_date"],
            note=data["note"],
        )
        return self.answer(document, 201)

    @extend_schema(request=None, responses={200: OpeningStockSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel: the reversal is posted; refused once the goods were used (INV-6)."""
        return self.perform(
            opening.cancel_opening_stock, answer=self.answer, opening=self.get_object()
        )
