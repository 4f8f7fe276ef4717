"""Purchase and replenishment plans with the system's proposal (PROC-1, PROC-2, INV-2) and the
open plan lines procurement contracts from (PROC-3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core.apibase import ERRORS, valid_input
from yunying.core.errors import NotAllowed
from yunying.inventory import replenishment
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Supplier

from .. import selectors
from ..models import (
    PurchasePlan,
    PurchasePlanLine,
)
from ..services import plans
from .common import (
    SEARCH,
    choice,
    flag,
    id_param,
    price_field,
    price_or_null,
    quantity_field,
)


class PlanLineSerializer(serializers.ModelSerializer[PurchasePlanLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True, default=None)
    estimated_price = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    remaining = quantity_field(read_only=True)

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
        return price_or_null(self, line.estimated_price)

    def get_amount(self, line: PurchasePlanLine) -> str | None:
        return price_or_null(self, line.amount)


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
        return price_or_null(self, plan.amount)


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
    quantity = quantity_field()
    needed_by = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: the plan's date."
    )
    estimated_price = price_field(required=False, default=Decimal("0"))
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    proposed_quantity = quantity_field(
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
    on_hand = quantity_field()
    open_demand = quantity_field()
    planned_supply = quantity_field()
    position = quantity_field()
    weekly_forecast = quantity_field()
    cover_days = serializers.IntegerField()
    safety_stock = quantity_field()
    need = quantity_field()
    quantity = quantity_field(help_text="What to order now (0: nothing).")


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
        if kind := choice(self.request, "kind", PurchasePlan.Kind.values):
            rows = rows.filter(kind=kind)
        if state := choice(self.request, "state", PurchasePlan.State.values):
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
        return self.perform(plans.submit_plan, answer=self._answer, plan=self.get_object())

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """Take a rejected plan back into draft."""
        return self.perform(plans.revise_plan, answer=self._answer, plan=self.get_object())

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(plans.cancel_plan, answer=self._answer, plan=self.get_object())

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Procurement closes an approved plan: no more contracts from it."""
        return self.perform(plans.close_plan, answer=self._answer, plan=self.get_object())

    @extend_schema(
        parameters=[ONLY_NEEDED], responses={200: ProposalSerializer(many=True), **ERRORS}
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def proposal(self, request: Request) -> Response:
        """What the system proposes to order per active item (INV-2, PROC-1): stock, open
        demand, planned supply, the demand forecast, safety stock and the lead time."""
        self.require(selectors.DRAFT_PLAN)
        rows = replenishment.proposals(
            Item.objects.filter(active=True), only_needed=flag(request, "only_needed")
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
        if (plan := id_param(self.request, "plan")) is not None:
            rows = rows.filter(plan_id=plan)
        if (supplier := id_param(self.request, "supplier")) is not None:
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
