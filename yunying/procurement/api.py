"""REST resources of procurement: purchase and replenishment plans with the system's proposal
(PROC-1, PROC-2, INV-2), open plan lines, contracts (PROC-3, PROC-4), goods receipts with
inspection (PROC-5, PROC-6) and the evaluation of a supplier (PROC-7). Prices and amounts are
protected (ORG-4): without masterdata.view_prices they are null."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import NotAllowed, NotFound, ValidationFailed
from yunying.inventory import replenishment
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Location, Supplier
from yunying.masterdata.selectors import prices_visible

from . import selectors
from .models import (
    ContractLine,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
    PurchasePlan,
    PurchasePlanLine,
)
from .services import contracts, plans, receipts


def _quantity(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def _price_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=4, **options)


def _price(serializer: serializers.BaseSerializer[Any], value: Decimal) -> str | None:
    """A price or amount, or null for those who may not see prices (ORG-4)."""
    return str(value) if serializer.context.get("prices") else None


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def _choice(request: Request, name: str, allowed: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationFailed(
            _("%(name)s: expected one of %(values)s.")
            % {"name": name, "values": ", ".join(allowed)},
            field=name,
        )
    return value


def _number(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise ValidationFailed(_("%(name)s: expected an id.") % {"name": name}, field=name)
    return int(value)


SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="Search in numbers, titles and items.")

# --------------------------------------------------------------------------- plans


class PlanLineSerializer(serializers.ModelSerializer[PurchasePlanLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True, default=None)
    estimated_price = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    remaining = _quantity(read_only=True)

    class Meta:
        model = PurchasePlanLine
        fields = [
            "id",
            "item",
            "item_code",
            "item_name",
            "unit",
            "quantity",
            "proposed_quantity",
            "needed_by",
            "estimated_price",
            "amount",
            "supplier",
            "supplier_name",
            "note",
            "contracted_quantity",
            "remaining",
        ]
        read_only_fields = fields

    def get_estimated_price(self, line: PurchasePlanLine) -> str | None:
        return _price(self, line.estimated_price)

    def get_amount(self, line: PurchasePlanLine) -> str | None:
        return _price(self, line.amount)


class PlanSerializer(serializers.ModelSerializer[PurchasePlan]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    author = serializers.CharField(source="created_by.name", read_only=True)
    amount = serializers.SerializerMethodField()
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = PurchasePlan
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "title",
            "reason",
            "needed_by",
            "department",
            "department_name",
            "created_by",
            "author",
            "approved_at",
            "created_at",
            "amount",
            "lines",
        ]
        read_only_fields = fields

    def get_amount(self, plan: PurchasePlan) -> str | None:
        return _price(self, plan.amount)


class PlanDetailSerializer(PlanSerializer):
    approval = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "approval", "decision"]
        read_only_fields = fields

    def get_approval(self, plan: PurchasePlan) -> int | None:
        """The id of the plan's latest approval request."""
        request = approvals.latest_request(plans.as_document(plan))
        return request.pk if request else None

    def get_decision(self, plan: PurchasePlan) -> str | None:
        """The approver's reason when the plan was rejected or returned for changes."""
        if plan.state not in (PurchasePlan.State.REJECTED, PurchasePlan.State.RETURNED):
            return None
        action = selectors.latest_decision(approvals.latest_request(plans.as_document(plan)))
        return action.comment if action else None


class PlanLineInput(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    quantity = _quantity()
    needed_by = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: the plan's date."
    )
    estimated_price = _price_field(required=False, default=Decimal("0"))
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    proposed_quantity = _quantity(
        required=False,
        allow_null=True,
        default=None,
        help_text="What the system proposed (GET plans/proposal/), kept with the line.",
    )


class PlanUpdateInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    needed_by = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    lines = PlanLineInput(many=True)


class PlanInput(PlanUpdateInput):
    kind = serializers.ChoiceField(choices=PurchasePlan.Kind.choices, default="purchase")


def _plan_lines(data: dict[str, Any]) -> list[plans.PlanLine]:
    return [
        plans.PlanLine(
            item=line["item"],
            quantity=line["quantity"],
            needed_by=line["needed_by"] or data["needed_by"],
            estimated_price=line["estimated_price"],
            supplier=line["supplier"],
            note=line["note"],
            proposed_quantity=line["proposed_quantity"],
        )
        for line in data["lines"]
    ]


class ProposalSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    default_supplier = serializers.IntegerField(source="item.default_supplier_id", allow_null=True)
    on_hand = _quantity()
    open_demand = _quantity()
    planned_supply = _quantity()
    position = _quantity()
    weekly_forecast = _quantity()
    cover_days = serializers.IntegerField()
    safety_stock = _quantity()
    need = _quantity()
    quantity = _quantity(help_text="What to order now (0: nothing).")


KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=PurchasePlan.Kind.values)
PLAN_STATE = OpenApiParameter("state", OpenApiTypes.STR, enum=PurchasePlan.State.values)
ONLY_NEEDED = OpenApiParameter(
    "only_needed", OpenApiTypes.BOOL, description="Only the items with something to order."
)


class PlanViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[PurchasePlan],
):
    """Purchase and replenishment plans the caller may see: own, in scope and — for
    procurement — the approved ones (PROC-2). A plan outside that answers 404."""

    serializer_class = PlanSerializer

    def visible(self) -> QuerySet[PurchasePlan]:
        rows = selectors.plans_visible_to(self.actor).prefetch_related(
            "lines__item", "lines__supplier"
        )
        if kind := _choice(self.request, "kind", PurchasePlan.Kind.values):
            rows = rows.filter(kind=kind)
        if state := _choice(self.request, "state", PurchasePlan.State.values):
            rows = rows.filter(state=state)
        if q := self.request.query_params.get("q", "").strip():
            rows = rows.filter(
                Q(number__icontains=q) | Q(title__icontains=q) | Q(lines__item__code__icontains=q)
            ).distinct()
        return rows

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def _answer(self, plan: PurchasePlan, status: int = 200) -> Response:
        fresh = self.visible().filter(pk=plan.pk).first() or plan
        return Response(
            PlanDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status
        )

    @extend_schema(parameters=[KIND, PLAN_STATE, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PlanInput, responses={201: PlanDetailSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Draft a plan (PROC-1); lines may carry the quantity the system proposed."""
        data = valid_input(PlanInput, request)
        plan = plans.draft_plan(
            kind=data["kind"],
            title=data["title"],
            needed_by=data["needed_by"],
            reason=data["reason"],
            lines=_plan_lines(data),
            actor=self.actor,
        )
        return self._answer(plan, 201)

    @extend_schema(request=PlanUpdateInput, responses={200: PlanDetailSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Change a draft or returned plan; only its author may (the lines are replaced)."""
        plan = self.get_object()
        data = valid_input(PlanUpdateInput, request)
        plan = plans.update_plan(
            plan=plan,
            title=data["title"],
            needed_by=data["needed_by"],
            reason=data["reason"],
            lines=_plan_lines(data),
            actor=self.actor,
        )
        return self._answer(plan)

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the plan to the approval chain of the regulation in force (PROC-2, INV-3)."""
        return self._answer(plans.submit_plan(plan=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """Take a rejected plan back into draft."""
        return self._answer(plans.revise_plan(plan=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(plans.cancel_plan(plan=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Procurement closes an approved plan: no more contracts from it."""
        return self._answer(plans.close_plan(plan=self.get_object(), actor=self.actor))

    @extend_schema(
        parameters=[ONLY_NEEDED], responses={200: ProposalSerializer(many=True), **ERRORS}
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def proposal(self, request: Request) -> Response:
        """What the system proposes to order per active item (INV-2, PROC-1): stock, open
        demand, planned supply, the demand forecast, safety stock and the lead time."""
        self.require(selectors.DRAFT_PLAN)
        rows = replenishment.proposals(
            Item.objects.filter(active=True), only_needed=_flag(request, "only_needed")
        )
        return Response(ProposalSerializer(rows, many=True).data)


class OpenPlanLineSerializer(PlanLineSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)

    class Meta(PlanLineSerializer.Meta):
        fields = ["plan", "plan_number", "plan_title", *PlanLineSerializer.Meta.fields]
        read_only_fields = fields


class OpenPlanLineViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[PurchasePlanLine],
):
    """Lines of approved plans with quantity still to contract (PROC-3), for procurement."""

    serializer_class = OpenPlanLineSerializer

    def visible(self) -> QuerySet[PurchasePlanLine]:
        if not any(
            access.has_perm(self.actor, code)
            for code in (selectors.MANAGE_CONTRACT, selectors.VIEW_CONTRACT)
        ):
            raise NotAllowed(_("Open plan lines are for procurement."))
        rows = selectors.open_plan_lines()
        if (plan := _number(self.request, "plan")) is not None:
            rows = rows.filter(plan_id=plan)
        if (supplier := _number(self.request, "supplier")) is not None:
            rows = rows.filter(supplier_id=supplier)
        return rows

    @extend_schema(
        parameters=[
            OpenApiParameter("plan", OpenApiTypes.INT),
            OpenApiParameter("supplier", OpenApiTypes.INT, description="Suggested supplier."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


# --------------------------------------------------------------------------- contracts


class ContractLineSerializer(serializers.ModelSerializer[ContractLine]):
    plan = serializers.IntegerField(source="plan_line.plan_id", read_only=True)
    plan_number = serializers.CharField(source="plan_line.plan.number", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit_price = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    open_quantity = _quantity(read_only=True)

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
        return _price(self, line.unit_price)

    def get_amount(self, line: ContractLine) -> str | None:
        return _price(self, line.amount)


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
        return _price(self, contract.amount)

    def get_overdue(self, contract: PurchaseContract) -> bool:
        """A line is later than its delivery date (PROC-4)."""
        return bool(getattr(contract, "overdue", False))


class PlanCheckSerializer(serializers.Serializer[Any]):
    contract_line = serializers.IntegerField(source="line.pk")
    plan_left = _quantity(source="left", help_text="What the plan line had left for this contract.")
    beyond_plan = _quantity(source="excess")
    approved_price = serializers.SerializerMethodField(
        help_text="The price the plan line was approved at (company currency); null for those "
        "who may not see prices."
    )
    beyond_price = serializers.BooleanField(
        help_text="The unit price, in the company currency, is above the approved price: the "
        "contract needs an approval before it is signed (PROC-2)."
    )

    def get_approved_price(self, check: Any) -> str | None:
        return _price(self, check.approved_price)


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
    quantity = _quantity()
    unit_price = _price_field()
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


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


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
        state = _choice(self.request, "state", [*PurchaseContract.State.values, "overdue"])
        if state == "overdue":
            rows = selectors.only_overdue(rows)
        elif state:
            rows = rows.filter(state=state)
        if (supplier := _number(self.request, "supplier")) is not None:
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
        contract = self.get_object()
        data = valid_input(SignInput, request)
        contract = contracts.sign_contract(
            contract=contract, follower=data["follower"], actor=self.actor
        )
        return self._answer(contract)

    @extend_schema(request=ReasonInput, responses={200: ContractDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        contract = self.get_object()
        data = valid_input(ReasonInput, request)
        contract = contracts.cancel_contract(
            contract=contract, actor=self.actor, reason=data["reason"]
        )
        return self._answer(contract)


# --------------------------------------------------------------------------- receipts


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
        return _price(self, line.unit_cost)


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
        return _price(self, entry.value)


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
    received = _quantity()
    accepted = _quantity(
        required=False, allow_null=True, default=None, help_text="Default: received − rejected."
    )
    rejected = _quantity(required=False, default=Decimal("0"))
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
        if state := _choice(self.request, "state", GoodsReceipt.State.values):
            rows = rows.filter(state=state)
        if (contract := _number(self.request, "contract")) is not None:
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
        inspections = []
        for line in data["lines"]:
            rejected = line["rejected"]
            accepted = line["accepted"]
            inspections.append(
                receipts.Inspection(
                    contract_line=line["contract_line"],
                    received=line["received"],
                    accepted=line["received"] - rejected if accepted is None else accepted,
                    rejected=rejected,
                    reason=line["reason"],
                )
            )
        receipt = receipts.receive_goods(
            contract=contract,
            location=location,
            inspections=inspections,
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
        receipt = self.get_object()
        data = valid_input(ReasonInput, request)
        receipt = receipts.cancel_receipt(receipt=receipt, actor=self.actor, reason=data["reason"])
        return self._answer(receipt)


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
        line = receipts.mark_returned(line=self.get_object(), actor=self.actor)
        return Response(ReceiptLineSerializer(line, context=self.get_serializer_context()).data)


# --------------------------------------------------------------------------- evaluation


class PricePointSerializer(serializers.Serializer[Any]):
    month = serializers.CharField()
    unit_price = serializers.FloatField()


class PriceTrendSerializer(serializers.Serializer[Any]):
    item_code = serializers.CharField()
    points = PricePointSerializer(many=True)


class EvaluationSerializer(serializers.Serializer[Any]):
    supplier = serializers.IntegerField(source="supplier.pk")
    supplier_code = serializers.CharField(source="supplier.code")
    supplier_name = serializers.CharField(source="supplier.name")
    blocked = serializers.BooleanField(source="supplier.blocked")
    receipt_lines = serializers.IntegerField(source="receipts")
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="Percent; null: no receipts.")
    received = _quantity()
    accepted = _quantity()
    rejected = _quantity()
    acceptance_rate = serializers.FloatField(allow_null=True, help_text="Percent.")
    price_trend = serializers.SerializerMethodField()

    @extend_schema_field(PriceTrendSerializer(many=True, allow_null=True))
    def get_price_trend(self, evaluation: selectors.Evaluation) -> Any:
        """Average price received per item and month (company currency); null without the
        permission to see prices."""
        if not self.context.get("prices"):
            return None
        return [
            {"item_code": code, "points": [{"month": m, "unit_price": p} for m, p in points]}
            for code, points in sorted(evaluation.price_trend.items())
        ]


class SupplierEvaluationView(ActorMixin, APIView):
    """The evaluation of a supplier from its receipts of the last 12 months (PROC-7)."""

    @extend_schema(responses={200: EvaluationSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        self.require(selectors.VIEW_SUPPLIER)
        supplier = selectors.suppliers_visible_to(self.actor).filter(pk=pk).first()
        if supplier is None:
            raise NotFound(_("No such supplier."))
        evaluation = selectors.evaluate_supplier(supplier)
        context = {"prices": prices_visible(self.actor)}
        return Response(EvaluationSerializer(evaluation, context=context).data)


def register(router: DefaultRouter) -> None:
    router.register("plans", PlanViewSet, basename="purchase-plan")
    router.register("open-plan-lines", OpenPlanLineViewSet, basename="open-plan-line")
    router.register("contracts", ContractViewSet, basename="purchase-contract")
    router.register("receipts", ReceiptViewSet, basename="goods-receipt")
    router.register("receipt-lines", ReceiptLineViewSet, basename="goods-receipt-line")


extra_urls = [
    path(
        "suppliers/<int:pk>/evaluation/",
        SupplierEvaluationView.as_view(),
        name="api-supplier-evaluation",
    ),
]
