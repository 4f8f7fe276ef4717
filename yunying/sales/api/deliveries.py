"""Deliveries over the API: logistics ship and record the arrival (SALES-3, SALES-5); sales
record the customer's receipt, problems and returns (SALES-4). The serializers of a delivery,
its lines, problems and returns, and the inputs of each step."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import ValidationFailed
from yunying.masterdata.models import Location

from ..models import CustomerReturn, CustomerReturnLine, Delivery, DeliveryLine, ReceiptProblem
from ..selectors.deliveries import grace_days, is_late, search_deliveries
from ..selectors.scope import DELIVERY_READERS, deliveries_visible_to
from ..services import deliveries
from .common import (
    SEARCH,
    Choice,
    param_choice,
    param_flag,
    quantity_field,
    require_any,
    values_text,
)


class DeliveryLineSerializer(serializers.ModelSerializer[DeliveryLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    specification = serializers.CharField(source="item.specification", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)

    class Meta:
        model = DeliveryLine
        fields = [
            "id",
            "order_line",
            "item",
            "item_code",
            "item_name",
            "specification",
            "unit",
            "quantity",
            "returned_quantity",
        ]
        read_only_fields = fields


class ReceiptProblemSerializer(serializers.ModelSerializer[ReceiptProblem]):
    reported_by_name = serializers.CharField(source="reported_by.name", read_only=True)

    class Meta:
        model = ReceiptProblem
        fields = [
            "id",
            "delivery",
            "delivery_line",
            "kind",
            "quantity",
            "description",
            "state",
            "resolution",
            "reported_by",
            "reported_by_name",
            "reported_at",
            "resolved_at",
        ]
        read_only_fields = fields


class CustomerReturnLineSerializer(serializers.ModelSerializer[CustomerReturnLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = CustomerReturnLine
        fields = ["id", "delivery_line", "item", "item_code", "quantity"]
        read_only_fields = fields


class CustomerReturnSerializer(serializers.ModelSerializer[CustomerReturn]):
    location_code = serializers.CharField(source="location.__str__", read_only=True)
    lines = CustomerReturnLineSerializer(many=True, read_only=True)

    class Meta:
        model = CustomerReturn
        fields = [
            "id",
            "number",
            "delivery",
            "problem",
            "location",
            "location_code",
            "reason",
            "credit_amount",
            "created_at",
            "lines",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    order_number = serializers.CharField(source="order.number", read_only=True)
    customer = serializers.IntegerField(source="order.customer_id", read_only=True)
    customer_name = serializers.CharField(source="order.customer.name", read_only=True)
    delivery_address = serializers.CharField(source="order.delivery_address", read_only=True)
    promised_date = serializers.DateField(source="order.promised_date", read_only=True)
    late = serializers.SerializerMethodField()
    lines = DeliveryLineSerializer(many=True, read_only=True)
    problems = ReceiptProblemSerializer(many=True, read_only=True)
    returns = CustomerReturnSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "number",
            "state",
            "order",
            "order_number",
            "customer",
            "customer_name",
            "delivery_address",
            "promised_date",
            "late",
            "carrier",
            "tracking_number",
            "shipped_at",
            "shipped_by",
            "delivered_at",
            "receipt_confirmed_at",
            "receipt_note",
            "cancel_reason",
            "lines",
            "problems",
            "returns",
        ]
        read_only_fields = fields

    def get_late(self, delivery: Delivery) -> bool:
        """Delivered after the promised date (plus the grace days), or still on its way
        although that date has passed (SALES-3)."""
        grace = self.context.get("grace")
        if grace is None:
            grace = self.context["grace"] = grace_days()
        return is_late(delivery, grace=grace)


def deliveries_detailed(rows: QuerySet[Delivery]) -> QuerySet[Delivery]:
    lines = DeliveryLine.objects.select_related("item").order_by("pk")
    problems = ReceiptProblem.objects.select_related("reported_by")
    returns = CustomerReturn.objects.select_related("location__warehouse")
    return rows.prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("problems", queryset=problems),
        Prefetch("returns", queryset=returns),
        "returns__lines__item",
    )


def delivery_answer(delivery: Delivery, status: int = 200, *, fresh: bool = False) -> Response:
    """The delivery as it is now: as the service handed it back (``fresh``: with its order,
    lines, problems and returns), or read again."""
    if not fresh:
        delivery = deliveries_detailed(Delivery.objects.select_related("order__customer")).get(
            pk=delivery.pk
        )
    return Response(DeliverySerializer(delivery).data, status=status)


class DeliveryShipInput(serializers.Serializer[Any]):
    carrier = serializers.CharField(max_length=100)
    tracking_number = serializers.CharField(max_length=100)
    shipped_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Default: now."
    )


class DeliveryDeliveredInput(serializers.Serializer[Any]):
    delivered_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Default: now."
    )


class DeliveryCancelInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class DeliveryReceiptInput(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReceiptProblemInput(serializers.Serializer[Any]):
    kind = Choice(
        choices=ReceiptProblem.Kind.choices,
        help_text=values_text(ReceiptProblem.Kind.values),
    )
    line = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The id of the delivery line."
    )
    quantity = quantity_field(required=False, allow_null=True, default=None)
    description = serializers.CharField()


class ReceiptProblemResolveInput(serializers.Serializer[Any]):
    problem = serializers.IntegerField(help_text="The id of the problem.")
    resolution = serializers.CharField()


class CustomerReturnLineInput(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of the delivery line.")
    quantity = quantity_field()


class CustomerReturnInput(serializers.Serializer[Any]):
    lines = CustomerReturnLineInput(many=True)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), help_text="A returns location."
    )
    reason = serializers.CharField(max_length=300)
    problem = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The problem it answers."
    )


DELIVERY_STATE = OpenApiParameter("state", OpenApiTypes.STR, enum=Delivery.State.values)
LATE = OpenApiParameter(
    "late", OpenApiTypes.BOOL, description="Only those still on their way after the promised date."
)


class DeliveryViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Delivery],
):
    """Deliveries: logistics see them all, sales those of the orders they may see. Logistics
    ship (carrier, tracking number; the stock leaves) and record the arrival, which raises the
    receivable (SALES-3, SALES-5); sales record the customer's receipt, problems and returns
    (SALES-4)."""

    serializer_class = DeliverySerializer

    def visible(self) -> QuerySet[Delivery]:
        return deliveries_visible_to(self.actor)

    def _answer(self, delivery: Delivery, status: int = 200) -> Response:
        return delivery_answer(delivery, status)

    def _line(self, delivery: Delivery, line_id: int, field: str) -> DeliveryLine:
        line = delivery.lines.filter(pk=line_id).first()
        if line is None:
            raise ValidationFailed(
                _("%(id)s is not a line of this delivery.") % {"id": line_id}, field=field
            )
        return line

    def _problem(self, problems: QuerySet[ReceiptProblem], problem_id: int) -> ReceiptProblem:
        problem = problems.filter(pk=problem_id).first()
        if problem is None:
            raise ValidationFailed(
                _("%(id)s is not a problem of this delivery.") % {"id": problem_id},
                field="problem",
            )
        return problem

    def _quantities(
        self, delivery: Delivery, rows: list[dict[str, Any]]
    ) -> dict[DeliveryLine, Decimal]:
        """The quantity of each line of the delivery, rows on the same line added up."""
        quantities: dict[DeliveryLine, Decimal] = {}
        for index, row in enumerate(rows):
            line = self._line(delivery, row["line"], f"lines[{index}].line")
            quantities[line] = quantities.get(line, Decimal("0")) + row["quantity"]
        return quantities

    @extend_schema(parameters=[DELIVERY_STATE, LATE, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_any(self.actor, DELIVERY_READERS)
        rows = search_deliveries(
            self.visible(),
            search=request.query_params.get("q", ""),
            state=param_choice(request, "state", Delivery.State.values),
            late=param_flag(request, "late"),
        )
        page = self.paginate_queryset(deliveries_detailed(rows)) or []
        return self.get_paginated_response(DeliverySerializer(page, many=True, context={}).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    @extend_schema(request=DeliveryShipInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def ship(self, request: Request, pk: str | None = None) -> Response:
        """Ship the notice: the stock leaves the warehouse now (SALES-3, INV-6)."""
        return self.perform(
            deliveries.ship,
            payload=DeliveryShipInput,
            answer=partial(delivery_answer, fresh=True),
            delivery=self.get_object(),
        )

    @extend_schema(request=DeliveryDeliveredInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def delivered(self, request: Request, pk: str | None = None) -> Response:
        """The goods arrived: the receivable is raised (SALES-3, SALES-5)."""
        return self.perform(
            deliveries.mark_delivered,
            payload=DeliveryDeliveredInput,
            answer=self._answer,
            delivery=self.get_object(),
        )

    @extend_schema(request=DeliveryCancelInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a shipped delivery that has not been delivered: the reversal of its stock
        issue is posted and the order can ship the goods again (SALES-3). Refused (409) once
        it was delivered: record a customer return instead."""
        return self.perform(
            deliveries.cancel_shipment,
            payload=DeliveryCancelInput,
            answer=self._answer,
            delivery=self.get_object(),
        )

    @extend_schema(request=DeliveryReceiptInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def receipt(self, request: Request, pk: str | None = None) -> Response:
        """The customer confirmed the receipt (SALES-4)."""
        return self.perform(
            deliveries.confirm_receipt,
            payload=DeliveryReceiptInput,
            answer=self._answer,
            delivery=self.get_object(),
        )

    @extend_schema(request=ReceiptProblemInput, responses={201: ReceiptProblemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def problems(self, request: Request, pk: str | None = None) -> Response:
        """A problem the customer reports: damaged, short, wrong item (SALES-4)."""
        delivery = self.get_object()
        data = valid_input(ReceiptProblemInput, request)
        problem = deliveries.report_problem(
            delivery=delivery,
            kind=data["kind"],
            description=data["description"],
            line=None if data["line"] is None else self._line(delivery, data["line"], "line"),
            quantity=data["quantity"],
            actor=self.actor,
        )
        return Response(ReceiptProblemSerializer(problem).data, status=201)

    @extend_schema(
        request=ReceiptProblemResolveInput, responses={200: ReceiptProblemSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        """Record how a problem of the delivery was resolved."""
        delivery = self.get_object()
        data = valid_input(ReceiptProblemResolveInput, request)
        problems = delivery.problems.select_related("delivery__order")
        resolved = deliveries.resolve_problem(
            problem=self._problem(problems, data["problem"]),
            resolution=data["resolution"],
            actor=self.actor,
        )
        return Response(ReceiptProblemSerializer(resolved).data)

    @extend_schema(request=CustomerReturnInput, responses={201: CustomerReturnSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def returns(self, request: Request, pk: str | None = None) -> Response:
        """Goods come back to a returns location; the receivable is reduced (SALES-4)."""
        delivery = self.get_object()
        data = valid_input(CustomerReturnInput, request)
        quantities = self._quantities(delivery, data["lines"])
        problem = None
        if data["problem"] is not None:
            problem = self._problem(delivery.problems.all(), data["problem"])
        customer_return = deliveries.return_goods(
            delivery=delivery,
            quantities=quantities,
            location=data["location"],
            reason=data["reason"],
            problem=problem,
            actor=self.actor,
        )
        fresh = CustomerReturn.objects.select_related("location__warehouse").prefetch_related(
            "lines__item"
        )
        return Response(CustomerReturnSerializer(fresh.get(pk=customer_return.pk)).data, 201)
