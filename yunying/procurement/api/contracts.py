"""Purchase contracts from approved plan lines, signed within the plan or after an approval
(PROC-3, PROC-4)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.approvals import selectors as approvals
from yunying.core.apibase import ERRORS, valid_input
from yunying.core.errors import NotAllowed, NotFound
from yunying.masterdata.api import PricesMixin

from .. import selectors
from ..models import (
    ContractLine,
    PurchaseContract,
    PurchasePlanLine,
)
from ..services import contracts
from .common import (
    SEARCH,
    ReasonInput,
    choice,
    id_param,
    price_field,
    price_or_null,
    quantity_field,
)


class ContractLineSerializer(serializers.ModelSerializer[ContractLine]):
    plan = serializers.IntegerField(source="plan_line.plan_id", read_only=True)
    plan_number = serializers.CharField(source="plan_line.plan.number", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit_price = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    open_quantity = quantity_field(read_only=True)

    class Meta:
        model = ContractLine
        fields = [
            "id",
            "plan_line",
            "plan",
            "plan_number",
            "item",
            "item_code",
            "item_name",
            "quantity",
            "unit_price",
            "amount",
            "delivery_date",
            "received_quantity",
            "accepted_quantity",
            "rejected_quantity",
            "open_quantity",
        ]
        read_only_fields = fields

    def get_unit_price(self, line: ContractLine) -> str | None:
        return price_or_null(self, line.unit_price)

    def get_amount(self, line: ContractLine) -> str | None:
        return price_or_null(self, line.amount)


class ContractSerializer(serializers.ModelSerializer[PurchaseContract]):
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    follower_name = serializers.CharField(source="follower.name", read_only=True, default=None)
    author = serializers.CharField(source="created_by.name", read_only=True)
    amount = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    lines = ContractLineSerializer(many=True, read_only=True)

    class Meta:
        model = PurchaseContract
        fields = [
            "id",
            "number",
            "state",
            "supplier",
            "supplier_code",
            "supplier_name",
            "currency",
            "exchange_rate",
            "amount",
            "signed_on",
            "follower",
            "follower_name",
            "note",
            "created_by",
            "author",
            "created_at",
            "overdue",
            "lines",
        ]
        read_only_fields = fields

    def get_amount(self, contract: PurchaseContract) -> str | None:
        return price_or_null(self, contract.amount)

    def get_overdue(self, contract: PurchaseContract) -> bool:
        """A line is later than its delivery date (PROC-4)."""
        return bool(getattr(contract, "overdue", False))


class PlanCheckSerializer(serializers.Serializer[Any]):
    contract_line = serializers.IntegerField(source="line.pk")
    plan_left = quantity_field(
        source="left", help_text="What the plan line had left for this contract."
    )
    beyond_plan = quantity_field(source="excess")
    approved_price = serializers.SerializerMethodField(
        help_text="The price the plan line was approved at (company currency); null for those "
        "who may not see prices."
    )
    beyond_price = serializers.BooleanField(
        help_text="The unit price, in the company currency, is above the approved price: the "
        "contract needs an approval before it is signed (PROC-2)."
    )

    def get_approved_price(self, check: Any) -> str | None:
        return price_or_null(self, check.approved_price)


class ContractDetailSerializer(ContractSerializer):
    plan_check = serializers.SerializerMethodField()
    approval = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "plan_check", "approval"]
        read_only_fields = fields

    @extend_schema_field(PlanCheckSerializer(many=True))
    def get_plan_check(self, contract: PurchaseContract) -> Any:
        """Each line against its plan line; beyond the plan needs approval (PROC-3)."""
        return PlanCheckSerializer(
            selectors.contract_plan_check(contract), many=True, context=self.context
        ).data

    def get_approval(self, contract: PurchaseContract) -> int | None:
        request = approvals.latest_request(contract)
        return request.pk if request else None


class ContractLineInput(serializers.Serializer[Any]):
    plan_line = serializers.PrimaryKeyRelatedField(queryset=PurchasePlanLine.objects.all())
    quantity = quantity_field()
    unit_price = price_field()
    delivery_date = serializers.DateField()


class ContractInput(serializers.Serializer[Any]):
    supplier = serializers.IntegerField()
    currency = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default="", help_text="Default: CNY."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lines = ContractLineInput(many=True)


class SignInput(serializers.Serializer[Any]):
    follower = serializers.PrimaryKeyRelatedField(
        queryset=selectors.followers(),
        help_text="The employee (holding procurement.receive_goods) who follows the delivery.",
    )


CONTRACT_STATE = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    enum=[*PurchaseContract.State.values, "overdue"],
    description="A state, or overdue: a delivery later than agreed.",
)


class ContractViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[PurchaseContract],
):
    """Purchase contracts (protected data, ORG-4): procurement within its scope, the follower of
    the delivery, and those who receive goods for the open ones."""

    serializer_class = ContractSerializer

    def visible(self) -> QuerySet[PurchaseContract]:
        rows = selectors.with_overdue(selectors.contracts_visible_to(self.actor)).prefetch_related(
            "lines__item", "lines__plan_line__plan"
        )
        state = choice(self.request, "state", [*PurchaseContract.State.values, "overdue"])
        if state == "overdue":
            rows = selectors.only_overdue(rows)
        elif state:
            rows = rows.filter(state=state)
        if (supplier := id_param(self.request, "supplier")) is not None:
            rows = rows.filter(supplier_id=supplier)
        if q := self.request.query_params.get("q", "").strip():
            rows = rows.filter(
                Q(number__icontains=q)
                | Q(supplier__name__icontains=q)
                | Q(lines__item__code__icontains=q)
            ).distinct()
        return rows

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ContractSerializer if self.action == "list" else ContractDetailSerializer

    def _answer(self, contract: PurchaseContract, status: int = 200) -> Response:
        fresh = self.visible().filter(pk=contract.pk).first() or contract
        return Response(
            ContractDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status,
        )

    @extend_schema(
        parameters=[CONTRACT_STATE, OpenApiParameter("supplier", OpenApiTypes.INT), SEARCH]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.may_see_contracts(self.actor):
            raise NotAllowed(_("Contracts are for procurement and those who receive goods."))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ContractInput, responses={201: ContractDetailSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """A draft contract from approved plan lines (PROC-3); a blocked supplier is refused
        (409, PROC-7)."""
        self.require(selectors.MANAGE_CONTRACT)
        data = valid_input(ContractInput, request)
        supplier = selectors.contract_suppliers(self.actor).filter(pk=data["supplier"]).first()
        if supplier is None:
            raise NotFound(_("No such supplier."), field="supplier")
        contract = contracts.create_contract(
            supplier=supplier,
            lines=[
                contracts.ContractItem(
                    plan_line=line["plan_line"],
                    quantity=line["quantity"],
                    unit_price=line["unit_price"],
                    delivery_date=line["delivery_date"],
                )
                for line in data["lines"]
            ],
            currency=data["currency"],
            note=data["note"],
            actor=self.actor,
        )
        return self._answer(contract, 201)

    @extend_schema(request=SignInput, responses={200: ContractDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        """Sign: within what its plan lines were approved for (quantity and price) the contract
        is signed at once (state signed), the operations department is told and the follower
        gets a task (PROC-4); beyond it, it goes to approval first (state submitted, see
        ``approval``; PROC-2, PROC-3). Signing a contract that awaits approval is refused (409)."""
        return self.perform(
            contracts.sign_contract,
            payload=SignInput,
            answer=self._answer,
            contract=self.get_object(),
        )

    @extend_schema(request=ReasonInput, responses={200: ContractDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(
            contracts.cancel_contract,
            payload=ReasonInput,
            answer=self._answer,
            contract=self.get_object(),
        )
