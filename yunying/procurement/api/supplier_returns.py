"""Returns to the supplier over the API (PROC-5): accepted goods of a posted receipt go back,
the stock leaves at the receipt's cost (INV-6) and the contract owes the quantity again; a
posted return can be cancelled, which posts the reversal."""

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
from yunying.masterdata.api import PricesMixin

from .. import selectors
from ..models import GoodsReceipt, GoodsReceiptLine, SupplierReturn, SupplierReturnLine
from ..services import supplier_returns
from .common import ReasonInput, choice, id_param, price_or_null, quantity_field
from .receipts import LedgerEntrySerializer


class SupplierReturnLineSerializer(serializers.ModelSerializer[SupplierReturnLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit_cost = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField(method_name="line_value")

    class Meta:
        model = SupplierReturnLine
        fields = [
            "id",
            "receipt_line",
            "item",
            "item_code",
            "item_name",
            "quantity",
            "unit_cost",
            "value",
        ]
        read_only_fields = fields

    def get_unit_cost(self, line: SupplierReturnLine) -> str | None:
        return price_or_null(self, line.unit_cost)

    def line_value(self, line: SupplierReturnLine) -> str | None:
        return price_or_null(self, line.value)


class SupplierReturnSerializer(serializers.ModelSerializer[SupplierReturn]):
    receipt_number = serializers.CharField(source="receipt.number", read_only=True)
    contract = serializers.IntegerField(source="receipt.contract_id", read_only=True)
    contract_number = serializers.CharField(source="receipt.contract.number", read_only=True)
    supplier_name = serializers.CharField(source="receipt.contract.supplier.name", read_only=True)
    location = serializers.IntegerField(source="receipt.location_id", read_only=True)
    location_code = serializers.CharField(source="receipt.location.code", read_only=True)
    author = serializers.CharField(source="created_by.name", read_only=True)
    lines = SupplierReturnLineSerializer(many=True, read_only=True)

    class Meta:
        model = SupplierReturn
        fields = [
            "id",
            "number",
            "state",
            "receipt",
            "receipt_number",
            "contract",
            "contract_number",
            "supplier_name",
            "location",
            "location_code",
            "returned_on",
            "reason",
            "cancel_reason",
            "created_by",
            "author",
            "created_at",
            "lines",
        ]
        read_only_fields = fields


class SupplierReturnDetailSerializer(SupplierReturnSerializer):
    stock = serializers.SerializerMethodField()

    class Meta(SupplierReturnSerializer.Meta):
        fields = [*SupplierReturnSerializer.Meta.fields, "stock"]
        read_only_fields = fields

    @extend_schema_field(LedgerEntrySerializer(many=True))
    def get_stock(self, supplier_return: SupplierReturn) -> Any:
        """The stock ledger entries the return posted, and their reversal once cancelled."""
        return LedgerEntrySerializer(
            selectors.supplier_return_ledger(supplier_return), many=True, context=self.context
        ).data


class SupplierReturnLineInput(serializers.Serializer[Any]):
    receipt_line = serializers.IntegerField(help_text="The id of the goods receipt line.")
    quantity = quantity_field(min_value=Decimal("0.001"))


class SupplierReturnInput(serializers.Serializer[Any]):
    receipt = serializers.IntegerField(help_text="The id of the posted goods receipt.")
    reason = serializers.CharField(max_length=300)
    returned_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: today."
    )
    lines = SupplierReturnLineInput(many=True)


def _quantities(
    receipt: GoodsReceipt, rows: list[dict[str, Any]]
) -> dict[GoodsReceiptLine, Decimal]:
    """The quantity of each receipt line, rows on the same line added up."""
    lines = {line.pk: line for line in receipt.lines.all()}
    quantities: dict[GoodsReceiptLine, Decimal] = {}
    for index, row in enumerate(rows):
        line = lines.get(row["receipt_line"])
        if line is None:
            raise ValidationFailed(
                _("%(id)s is not a line of this receipt.") % {"id": row["receipt_line"]},
                field=f"lines[{index}].receipt_line",
            )
        quantities[line] = quantities.get(line, Decimal("0")) + row["quantity"]
    return quantities


RETURN_STATE = OpenApiParameter("state", OpenApiTypes.STR, enum=SupplierReturn.State.values)


class SupplierReturnViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[SupplierReturn],
):
    """Returns of accepted goods to the supplier (PROC-5): the stock leaves at the receipt's
    cost and the contract owes the quantity again; cancelling posts the reversal."""

    serializer_class = SupplierReturnSerializer

    def visible(self) -> QuerySet[SupplierReturn]:
        rows = selectors.supplier_returns_visible_to(self.actor).prefetch_related("lines__item")
        if state := choice(self.request, "state", SupplierReturn.State.values):
            rows = rows.filter(state=state)
        if (receipt := id_param(self.request, "receipt")) is not None:
            rows = rows.filter(receipt_id=receipt)
        return rows

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return SupplierReturnSerializer if self.action == "list" else SupplierReturnDetailSerializer

    def _answer(self, supplier_return: SupplierReturn, status: int = 200) -> Response:
        fresh = selectors.supplier_returns_visible_to(self.actor).prefetch_related("lines__item")
        return Response(
            SupplierReturnDetailSerializer(
                fresh.filter(pk=supplier_return.pk).first() or supplier_return,
                context=self.get_serializer_context(),
            ).data,
            status=status,
        )

    @extend_schema(parameters=[RETURN_STATE, OpenApiParameter("receipt", OpenApiTypes.INT)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        codes = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)
        if not any(access.has_perm(self.actor, code) for code in codes):
            raise NotAllowed(_("Returns to suppliers are for procurement and those who receive."))
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=SupplierReturnInput, responses={201: SupplierReturnDetailSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Return accepted goods of a posted receipt to the supplier: at most what the receipt
        accepted and has not returned yet (409, PROC-5); refused when the goods are no longer
        where the receipt put them (409, INV-6). The contract owes the quantity again."""
        self.require(selectors.RECEIVE)
        data = valid_input(SupplierReturnInput, request)
        receipt = selectors.receipts_visible_to(self.actor).filter(pk=data["receipt"]).first()
        if receipt is None:
            raise NotFound(_("No such goods receipt."), field="receipt")
        supplier_return = supplier_returns.return_to_supplier(
            receipt=receipt,
            quantities=_quantities(receipt, data["lines"]),
            reason=data["reason"],
            returned_on=data["returned_on"],
            actor=self.actor,
        )
        return self._answer(supplier_return, 201)

    @extend_schema(request=ReasonInput, responses={200: SupplierReturnDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a posted return: the goods come back into stock at the cost they left with
        and count as accepted on the contract again."""
        return self.perform(
            supplier_returns.cancel_supplier_return,
            payload=ReasonInput,
            answer=self._answer,
            supplier_return=self.get_object(),
        )
