"""Goods receipts with their inspection (PROC-5) and the stock they posted (PROC-6), and the
return of rejected goods."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import access
from yunying.core.apibase import ERRORS, valid_input
from yunying.core.errors import NotAllowed, NotFound, ValidationFailed
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Location

from .. import selectors
from ..models import (
    ContractLine,
    GoodsReceipt,
    GoodsReceiptLine,
)
from ..services import receipts
from .common import (
    ReasonInput,
    choice,
    id_param,
    price_or_null,
    quantity_field,
)


class ReceiptLineSerializer(serializers.ModelSerializer[GoodsReceiptLine]):
    receipt_number = serializers.CharField(source="receipt.number", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit_cost = serializers.SerializerMethodField()

    class Meta:
        model = GoodsReceiptLine
        fields = [
            "id",
            "receipt",
            "receipt_number",
            "contract_line",
            "item",
            "item_code",
            "item_name",
            "received_quantity",
            "accepted_quantity",
            "rejected_quantity",
            "reject_reason",
            "unit_cost",
            "return_state",
        ]
        read_only_fields = fields

    def get_unit_cost(self, line: GoodsReceiptLine) -> str | None:
        return price_or_null(self, line.unit_cost)


class LedgerEntrySerializer(serializers.ModelSerializer[StockLedgerEntry]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    location_code = serializers.CharField(source="location.code", read_only=True)
    value = serializers.SerializerMethodField(method_name="entry_value")

    class Meta:
        model = StockLedgerEntry
        fields = [
            "id",
            "item",
            "item_code",
            "location",
            "location_code",
            "kind",
            "quantity",
            "value",
            "posting_date",
            "posted_at",
        ]
        read_only_fields = fields

    def entry_value(self, entry: StockLedgerEntry) -> str | None:
        return price_or_null(self, entry.value)


class ReceiptSerializer(serializers.ModelSerializer[GoodsReceipt]):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    supplier_name = serializers.CharField(source="contract.supplier.name", read_only=True)
    location_code = serializers.CharField(source="location.code", read_only=True)
    author = serializers.CharField(source="created_by.name", read_only=True)
    lines = ReceiptLineSerializer(many=True, read_only=True)

    class Meta:
        model = GoodsReceipt
        fields = [
            "id",
            "number",
            "state",
            "contract",
            "contract_number",
            "supplier_name",
            "location",
            "location_code",
            "received_on",
            "note",
            "created_by",
            "author",
            "created_at",
            "lines",
        ]
        read_only_fields = fields


class ReceiptDetailSerializer(ReceiptSerializer):
    stock = serializers.SerializerMethodField()

    class Meta(ReceiptSerializer.Meta):
        fields = [*ReceiptSerializer.Meta.fields, "stock"]
        read_only_fields = fields

    @extend_schema_field(LedgerEntrySerializer(many=True))
    def get_stock(self, receipt: GoodsReceipt) -> Any:
        """The stock ledger entries the receipt posted, and their reversal once cancelled."""
        return LedgerEntrySerializer(
            selectors.receipt_ledger(receipt), many=True, context=self.context
        ).data


class InspectionInput(serializers.Serializer[Any]):
    contract_line = serializers.PrimaryKeyRelatedField(queryset=ContractLine.objects.all())
    received = quantity_field()
    accepted = quantity_field(
        required=False, allow_null=True, default=None, help_text="Default: received − rejected."
    )
    rejected = quantity_field(required=False, default=Decimal("0"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Required when something is rejected (PROC-5).",
    )


class ReceiptInput(serializers.Serializer[Any]):
    contract = serializers.IntegerField()
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: the receiving area.",
    )
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    lines = InspectionInput(many=True)


def _inspections(rows: list[dict[str, Any]]) -> list[receipts.Inspection]:
    """The inspected lines; accepted defaults to received minus rejected."""
    return [
        receipts.Inspection(
            contract_line=row["contract_line"],
            received=row["received"],
            accepted=row["received"] - row["rejected"]
            if row["accepted"] is None
            else row["accepted"],
            rejected=row["rejected"],
            reason=row["reason"],
        )
        for row in rows
    ]


RECEIPT_STATE = OpenApiParameter("state", OpenApiTypes.STR, enum=GoodsReceipt.State.values)


class ReceiptViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[GoodsReceipt],
):
    """Goods receipts with their inspection (PROC-5) and the stock they posted (PROC-6)."""

    serializer_class = ReceiptSerializer

    def visible(self) -> QuerySet[GoodsReceipt]:
        rows = selectors.receipts_visible_to(self.actor).prefetch_related("lines__item")
        if state := choice(self.request, "state", GoodsReceipt.State.values):
            rows = rows.filter(state=state)
        if (contract := id_param(self.request, "contract")) is not None:
            rows = rows.filter(contract_id=contract)
        return rows

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ReceiptSerializer if self.action == "list" else ReceiptDetailSerializer

    def _answer(self, receipt: GoodsReceipt, status: int = 200) -> Response:
        fresh = self.visible().filter(pk=receipt.pk).first() or receipt
        return Response(
            ReceiptDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status,
        )

    @extend_schema(parameters=[RECEIPT_STATE, OpenApiParameter("contract", OpenApiTypes.INT)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        codes = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)
        if not any(access.has_perm(self.actor, code) for code in codes):
            raise NotAllowed(_("Goods receipts are for procurement and those who receive goods."))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ReceiptInput, responses={201: ReceiptDetailSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Receive goods on a contract: per line received, accepted and rejected (with the
        reason). More than the contract still owes is refused (409, PROC-5); only the accepted
        quantity enters stock (PROC-6)."""
        self.require(selectors.RECEIVE)
        data = valid_input(ReceiptInput, request)
        contract = selectors.contracts_visible_to(self.actor).filter(pk=data["contract"]).first()
        if contract is None:
            raise NotFound(_("No such contract."), field="contract")
        location = data["location"] or selectors.default_receiving_location()
        if location is None:
            raise ValidationFailed(_("Choose the location the goods go into."), field="location")
        receipt = receipts.receive_goods(
            contract=contract,
            location=location,
            inspections=_inspections(data["lines"]),
            received_on=data["received_on"],
            note=data["note"],
            actor=self.actor,
        )
        return self._answer(receipt, 201)

    @extend_schema(request=ReasonInput, responses={200: ReceiptDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a posted receipt: the reversal of its stock is posted and the contract owes
        the goods again."""
        return self.perform(
            receipts.cancel_receipt,
            payload=ReasonInput,
            answer=self._answer,
            receipt=self.get_object(),
        )


class ReceiptLineViewSet(PricesMixin, viewsets.GenericViewSet[GoodsReceiptLine]):
    """Lines of the goods receipts the caller may see."""

    serializer_class = ReceiptLineSerializer

    def visible(self) -> QuerySet[GoodsReceiptLine]:
        return GoodsReceiptLine.objects.filter(
            receipt__in=selectors.receipts_visible_to(self.actor).values("pk")
        ).select_related("receipt", "item")

    @extend_schema(request=None, responses={200: ReceiptLineSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def returned(self, request: Request, pk: str | None = None) -> Response:
        """The rejected quantity of the line went back to the supplier."""
        return self.perform(receipts.mark_returned, answer=self._answer, line=self.get_object())

    def _answer(self, line: GoodsReceiptLine, status: int = 200) -> Response:
        return Response(
            ReceiptLineSerializer(line, context=self.get_serializer_context()).data, status=status
        )
