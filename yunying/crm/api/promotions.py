"""Promotion plans over the API (MKT-2): listed within the caller's scope, drafted and changed
while drafts, submitted to the approval chain of the regulation, cancelled or closed, and their
results against target and budget."""

from __future__ import annotations

from decimal import Decimal
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
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.masterdata.models import Item, Region

from .. import results, selectors
from ..lists import PROMOTIONS, promotion_rows
from ..models import Channel, Promotion
from ..permissions import PLAN_PROMOTION
from ..services import promotions
from ..services.promotions import PlanInput
from .common import found, id_field

INT_MAX = 2**31 - 1


class PromotionSerializer(serializers.ModelSerializer[Promotion]):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    items: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    regions: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Promotion
        fields = [
            "id",
            "number",
            "name",
            "description",
            "state",
            "channels",
            "starts_on",
            "ends_on",
            "budget",
            "target_leads",
            "target_orders",
            "target_revenue",
            "items",
            "regions",
            "owner",
            "owner_name",
            "department",
            "department_name",
            "approved_at",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class PromotionInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10000
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), max_length=len(Channel.values)
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Not before starts_on.")
    budget = serializers.DecimalField(max_digits=18, decimal_places=2)
    target_leads = serializers.IntegerField(required=False, default=0, max_value=INT_MAX)
    target_orders = serializers.IntegerField(required=False, default=0, max_value=INT_MAX)
    target_revenue = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, default=Decimal("0")
    )
    items = serializers.ListField(child=id_field(), required=False, default=list, max_length=500)
    regions = serializers.ListField(child=id_field(), required=False, default=list, max_length=500)
    owner = id_field(required=False, allow_null=True, default=None, help_text="Default: you.")


class ResultsSerializer(serializers.Serializer[Any]):
    leads = serializers.IntegerField()
    orders = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=20, decimal_places=2)
    budget = serializers.DecimalField(max_digits=20, decimal_places=2)
    target_leads = serializers.IntegerField()
    target_orders = serializers.IntegerField()
    target_revenue = serializers.DecimalField(max_digits=20, decimal_places=2)
    leads_reached = serializers.DecimalField(max_digits=20, decimal_places=1, allow_null=True)
    orders_reached = serializers.DecimalField(max_digits=20, decimal_places=1, allow_null=True)
    revenue_reached = serializers.DecimalField(max_digits=20, decimal_places=1, allow_null=True)
    return_on_budget = serializers.DecimalField(max_digits=20, decimal_places=1, allow_null=True)
    cost_per_order = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    cost_per_lead = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    series = serializers.ListField(child=serializers.DictField())


def _all_found(model: type[Any], ids: list[int], field: str) -> list[Any]:
    rows = model.objects.in_bulk(ids)
    for index, pk in enumerate(ids):
        if pk not in rows:
            raise ValidationFailed(
                _("No such record: %(id)s.") % {"id": pk}, field=f"{field}[{index}]"
            )
    return [rows[pk] for pk in ids]


def _plan(data: dict[str, Any]) -> PlanInput:
    return PlanInput(
        name=data["name"],
        description=data["description"],
        channels=data["channels"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        budget=data["budget"],
        target_leads=data["target_leads"],
        target_orders=data["target_orders"],
        target_revenue=data["target_revenue"],
        items=_all_found(Item, data["items"], "items"),
        regions=_all_found(Region, data["regions"], "regions"),
        owner=found(Employee.objects.all(), data["owner"], "owner"),
    )


PROMOTION_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Number, name or description."),
    OpenApiParameter("state", OpenApiTypes.STR, enum=Promotion.State.values),
    OpenApiParameter("channel", OpenApiTypes.STR, enum=Channel.values),
    OpenApiParameter("since", OpenApiTypes.DATE, description="Running on or after the day."),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Starting on or before the day."),
    lists.sort_parameter(PROMOTIONS),
]


class PromotionViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Promotion],
):
    """Promotion plans and their results (MKT-2), within the caller's scope."""

    serializer_class = PromotionSerializer

    def visible(self) -> QuerySet[Promotion]:
        rows = selectors.promotions_visible_to(self.actor)
        if self.action == "list":
            params = self.request.query_params
            rows = lists.api_ordered(PROMOTIONS, promotion_rows(self.actor, params), params)
        return rows.prefetch_related("items", "regions")

    def _answer(self, promotion: Promotion, status: int = 200) -> Response:
        fresh = selectors.promotions_visible_to(self.actor).prefetch_related("items", "regions")
        return Response(PromotionSerializer(fresh.get(pk=promotion.pk)).data, status=status)

    @extend_schema(parameters=PROMOTION_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.may_see_promotions(self.actor):
            raise NotAllowed(_("Promotions are for those who plan or follow them."))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PromotionInput, responses={201: PromotionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Draft a promotion plan in your department."""
        self.require(PLAN_PROMOTION)
        data = valid_input(PromotionInput, request)
        promotion = promotions.create_promotion(plan=_plan(data), actor=self.actor)
        return self._answer(promotion, 201)

    @extend_schema(request=PromotionInput, responses={200: PromotionSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Change a draft plan (409 once submitted)."""
        promotion = self.get_object()
        data = valid_input(PromotionInput, request)
        return self._answer(
            promotions.update_promotion(promotion=promotion, plan=_plan(data), actor=self.actor)
        )

    def _step(self, service: Any) -> Response:
        return self.perform(service, answer=self._answer, promotion=self.get_object())

    @extend_schema(request=None, responses={200: PromotionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit to the approval chain of the regulation in force; a budget above its
        threshold goes to a company leader too."""
        return self._step(promotions.submit_promotion)

    @extend_schema(request=None, responses={200: PromotionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """Take a rejected plan back into draft."""
        return self._step(promotions.revise_promotion)

    @extend_schema(request=None, responses={200: PromotionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._step(promotions.cancel_promotion)

    @extend_schema(request=None, responses={200: PromotionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """End a running promotion; its results stay."""
        return self._step(promotions.close_promotion)

    @extend_schema(responses={200: ResultsSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        """Leads, orders and revenue attributed, against target and budget, and per period."""
        promotion = self.get_object()
        answer = results.results_of(promotion).as_dict()
        answer["series"] = results.series(promotion)
        return Response(ResultsSerializer(answer).data)
