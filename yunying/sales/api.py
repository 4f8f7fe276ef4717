"""REST resources of sales: orders (SALES-1, SALES-2, SALES-7), deliveries with shipping, the
customer's receipt, problems and returns (SALES-3, SALES-4), receivables, payments and their
ageing (SALES-5, SALES-8), targets with their achievement (SALES-6) and the sales statistics.

Every list and record is scoped to the caller (ORG-2, ORG-4): a record outside it answers 404.
Errors are ``{"detail", "code", "clause"}``; e.g. confirming an order without the stock for it
is a 409 with ``"clause": "INV-6"``. Each enum of the schema is named once, by the serializer of
its model; inputs take the same values as plain strings."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yunying.approvals.models import ApprovalRequest
from yunying.approvals.registry import for_model
from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.core.params import as_id
from yunying.masterdata.models import Customer, Item, Location, Region

from . import selectors
from .models import (
    CustomerReturn,
    CustomerReturnLine,
    Delivery,
    DeliveryLine,
    Payment,
    PaymentAllocation,
    ReceiptProblem,
    Receivable,
    SalesOrder,
    SalesOrderLine,
    SalesTarget,
)
from .services import deliveries, orders, settlement, targets


def _quantity(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def _money(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=2, **options)


@extend_schema_field(OpenApiTypes.STR)
class Choice(serializers.ChoiceField):
    """A choice documented as a string (its values in the help text): the enum itself is named
    once, on the serializer of its model."""


def _values(choices: list[str]) -> str:
    return ", ".join(choices)


def _param_choice(request: Request, name: str, allowed: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationFailed(
            _("%(name)s: expected one of %(values)s.") % {"name": name, "values": _values(allowed)},
            field=name,
        )
    return value


def _param_id(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    number = as_id(value)
    if number is None:
        raise ValidationFailed(_("%(name)s: expected an id.") % {"name": name}, field=name)
    return number


def _param_date(request: Request, name: str) -> datetime.date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            _("%(name)s: expected a date (YYYY-MM-DD).") % {"name": name}, field=name
        ) from None


def _require_any(actor: Employee, codes: tuple[str, ...]) -> None:
    if not selectors.holds_any(actor, codes):
        access.require(actor, codes[0])


SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="Search in numbers and names.")
CUSTOMER = OpenApiParameter("customer", OpenApiTypes.INT, description="Customer id")
REGION = OpenApiParameter(
    "region", OpenApiTypes.INT, description="Region id (with the regions below it)"
)
START = OpenApiParameter("start", OpenApiTypes.DATE, description="From this date")
END = OpenApiParameter("end", OpenApiTypes.DATE, description="Until this date")

# --------------------------------------------------------------------------- orders


class SalesOrderLineSerializer(serializers.ModelSerializer[SalesOrderLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)

    class Meta:
        model = SalesOrderLine
        fields = [
            "id",
            "item",
            "item_code",
            "item_name",
            "unit",
            "quantity",
            "unit_price",
            "allow_backorder",
            "amount",
            "reserved_quantity",
            "noticed_quantity",
            "shipped_quantity",
            "delivered_quantity",
            "returned_quantity",
        ]
        read_only_fields = fields


class SalesOrderDeliverySerializer(serializers.ModelSerializer[Delivery]):
    """A delivery of the order, in short."""

    state = serializers.CharField(read_only=True, help_text="See Delivery.state.")

    class Meta:
        model = Delivery
        fields = ["id", "number", "state", "carrier", "tracking_number", "shipped_at"]
        read_only_fields = fields


class SalesOrderSerializer(serializers.ModelSerializer[SalesOrder]):
    customer_code = serializers.CharField(source="customer.code", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    entered_by = serializers.CharField(source="created_by.name", read_only=True)
    lines = SalesOrderLineSerializer(many=True, read_only=True)
    deliveries = SalesOrderDeliverySerializer(many=True, read_only=True)
    approval = serializers.SerializerMethodField()

    class Meta:
        model = SalesOrder
        fields = [
            "id",
            "number",
            "state",
            "customer",
            "customer_code",
            "customer_name",
            "region",
            "region_name",
            "order_date",
            "promised_date",
            "customer_reference",
            "delivery_address",
            "note",
            "amount",
            "confirmed_at",
            "closed_at",
            "created_by",
            "entered_by",
            "created_at",
            "lines",
            "deliveries",
            "approval",
        ]
        read_only_fields = fields

    def get_approval(self, order: SalesOrder) -> int | None:
        """The id of the order's latest credit approval request (SALES-7), if any."""
        known: dict[int, int] | None = self.context.get("approvals")
        if known is not None:
            return known.get(order.pk)
        return _approvals([order.pk]).get(order.pk)


def _approvals(order_ids: list[int]) -> dict[int, int]:
    rows = (
        ApprovalRequest.objects.filter(doc_type=for_model(SalesOrder).key, object_id__in=order_ids)
        .order_by("object_id", "submitted_at", "id")
        .values_list("object_id", "id")
    )
    return dict(rows)  # the latest wins


class SalesOrderLineInput(serializers.Serializer[Any]):
    item = serializers.IntegerField(help_text="Item id")
    quantity = _quantity()
    unit_price = serializers.DecimalField(
        max_digits=18,
        decimal_places=4,
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: the item's list price.",
    )
    allow_backorder = serializers.BooleanField(required=False, default=False)


class SalesOrderUpdateInput(serializers.Serializer[Any]):
    promised_date = serializers.DateField()
    customer_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    delivery_address = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Default: the customer's address.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lines = SalesOrderLineInput(many=True)


class SalesOrderInput(SalesOrderUpdateInput):
    customer = serializers.IntegerField(help_text="Customer id")


class SalesOrderCancelInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class DeliveryNoticeLineInput(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of the order line.")
    quantity = _quantity()


class DeliveryNoticeInput(serializers.Serializer[Any]):
    lines = DeliveryNoticeLineInput(many=True)


def _order_lines(actor: Employee, data: dict[str, Any]) -> list[orders.OrderLine]:
    list_prices = selectors.quotes_list_prices(actor)
    items = Item.objects.in_bulk([line["item"] for line in data["lines"]])
    result = []
    for index, line in enumerate(data["lines"]):
        item = items.get(line["item"])
        if item is None:
            raise ValidationFailed(
                _("Line %(n)s: there is no item %(id)s.") % {"n": index + 1, "id": line["item"]},
                field=f"lines[{index}].item",
            )
        price = line["unit_price"]
        if price is None:
            if not list_prices:
                raise ValidationFailed(
                    _("Line %(n)s: give a price.") % {"n": index + 1},
                    field=f"lines[{index}].unit_price",
                )
            price = item.sales_price
        result.append(orders.OrderLine(item, line["quantity"], price, line["allow_backorder"]))
    return result


# --------------------------------------------------------------------------- deliveries


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
            grace = self.context["grace"] = selectors.grace_days()
        return selectors.is_late(delivery, grace=grace)


def _deliveries_detailed(rows: QuerySet[Delivery]) -> QuerySet[Delivery]:
    lines = DeliveryLine.objects.select_related("item").order_by("pk")
    problems = ReceiptProblem.objects.select_related("reported_by")
    returns = CustomerReturn.objects.select_related("location__warehouse")
    return rows.prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("problems", queryset=problems),
        Prefetch("returns", queryset=returns),
        "returns__lines__item",
    )


def _delivery_answer(
    actor: Employee, delivery: Delivery, status: int = 200, *, fresh: bool = False
) -> Response:
    """The delivery as it is now: as the service handed it back (``fresh``: with its order,
    lines, problems and returns), or read again."""
    if not fresh:
        delivery = _deliveries_detailed(Delivery.objects.select_related("order__customer")).get(
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


class DeliveryReceiptInput(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReceiptProblemInput(serializers.Serializer[Any]):
    kind = Choice(
        choices=ReceiptProblem.Kind.choices,
        help_text=_values(ReceiptProblem.Kind.values),
    )
    line = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The id of the delivery line."
    )
    quantity = _quantity(required=False, allow_null=True, default=None)
    description = serializers.CharField()


class ReceiptProblemResolveInput(serializers.Serializer[Any]):
    problem = serializers.IntegerField(help_text="The id of the problem.")
    resolution = serializers.CharField()


class CustomerReturnLineInput(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of the delivery line.")
    quantity = _quantity()


class CustomerReturnInput(serializers.Serializer[Any]):
    lines = CustomerReturnLineInput(many=True)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), help_text="A returns location."
    )
    reason = serializers.CharField(max_length=300)
    problem = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The problem it answers."
    )


# --------------------------------------------------------------------------- views: orders

ORDER_STATE = OpenApiParameter("state", OpenApiTypes.STR, enum=SalesOrder.State.values)


class SalesOrderViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[SalesOrder],
):
    """Sales orders within the caller's scope (ORG-4). Entered as drafts, confirmed with the
    stock reserved and a delivery notice to logistics (SALES-1, SALES-2); beyond the customer's
    credit limit the order waits for approval first (SALES-7)."""

    serializer_class = SalesOrderSerializer

    def visible(self) -> QuerySet[SalesOrder]:
        return selectors.orders_visible_to(self.actor)

    def _detailed(self, rows: QuerySet[SalesOrder]) -> QuerySet[SalesOrder]:
        lines = SalesOrderLine.objects.select_related("item").order_by("pk")
        return rows.prefetch_related(Prefetch("lines", queryset=lines), "deliveries")

    def _answer(
        self, order: SalesOrder, status: int = 200, *, fresh: bool = False, new: bool = False
    ) -> Response:
        """The order as it is now: as the service handed it back (``fresh``: with its lines and
        deliveries; ``new``: just entered, so without an approval), or read again."""
        if not fresh:
            order = self._detailed(
                SalesOrder.objects.select_related("customer", "region", "created_by")
            ).get(pk=order.pk)
        context: dict[str, Any] = {"approvals": {}} if new else {}
        return Response(SalesOrderSerializer(order, context=context).data, status=status)

    @extend_schema(parameters=[ORDER_STATE, CUSTOMER, REGION, START, END, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_any(self.actor, selectors.ORDER_READERS)
        region_id = _param_id(request, "region")
        rows = selectors.search_orders(
            self.visible(),
            search=request.query_params.get("q", ""),
            state=_param_choice(request, "state", SalesOrder.State.values),
            customer=_param_id(request, "customer"),
            region=Region.objects.filter(pk=region_id).first() if region_id else None,
            start=_param_date(request, "start"),
            end=_param_date(request, "end"),
        )
        page = self.paginate_queryset(self._detailed(rows)) or []
        context = {"approvals": _approvals([o.pk for o in page])}
        return self.get_paginated_response(
            SalesOrderSerializer(page, many=True, context=context).data
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    @extend_schema(request=SalesOrderInput, responses={201: SalesOrderSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Enter a draft order (SALES-1); nothing is reserved until it is confirmed."""
        data = valid_input(SalesOrderInput, request)
        access.require(self.actor, selectors.MANAGE_ORDER)
        customer = selectors.customers_for_orders(self.actor).filter(pk=data["customer"]).first()
        if customer is None:  # missing or outside the caller's scope: the same answer (ORG-4)
            raise ValidationFailed(
                _("There is no customer %(id)s you may enter orders for.")
                % {"id": data["customer"]},
                field="customer",
            )
        order = orders.create_order(
            customer=customer,
            promised_date=data["promised_date"],
            lines=_order_lines(self.actor, data),
            actor=self.actor,
            customer_reference=data["customer_reference"],
            delivery_address=data["delivery_address"],
            note=data["note"],
        )
        order.region = customer.region  # loaded with the customer
        return self._answer(order, 201, fresh=True, new=True)

    @extend_schema(request=SalesOrderUpdateInput, responses={200: SalesOrderSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Change a draft: its lines are replaced."""
        order = self.get_object()
        data = valid_input(SalesOrderUpdateInput, request)
        order = orders.update_order(
            order=order,
            promised_date=data["promised_date"],
            lines=_order_lines(self.actor, data),
            actor=self.actor,
            customer_reference=data["customer_reference"],
            delivery_address=data["delivery_address"] or order.customer.address,
            note=data["note"],
        )
        return self._answer(order)

    @extend_schema(request=None, responses={200: SalesOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm a draft: the stock is reserved (409 with clause INV-6 when it is short and
        the line allows no backorder) and a delivery notice goes to logistics — its id is in
        ``deliveries``. Beyond the credit limit the state becomes ``credit_review`` and
        ``approval`` names the request (SALES-7)."""
        order = orders.confirm_order(order=self.get_object(), actor=self.actor)
        return self._answer(order, fresh=True)

    @extend_schema(request=SalesOrderCancelInput, responses={200: SalesOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel an order nothing of which was shipped; its reservations are released."""
        order = self.get_object()
        data = valid_input(SalesOrderCancelInput, request)
        return self._answer(orders.cancel_order(order=order, actor=self.actor, **data))

    @extend_schema(request=DeliveryNoticeInput, responses={201: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def notices(self, request: Request, pk: str | None = None) -> Response:
        """A delivery notice for (part of) what is left of a confirmed order (SALES-2)."""
        order = self.get_object()
        data = valid_input(DeliveryNoticeInput, request)
        lines = {line.pk: line for line in order.lines.all()}
        quantities: dict[SalesOrderLine, Decimal] = {}
        for index, row in enumerate(data["lines"]):
            line = lines.get(row["line"])
            if line is None:
                raise ValidationFailed(
                    _("%(id)s is not a line of this order.") % {"id": row["line"]},
                    field=f"lines[{index}].line",
                )
            quantities[line] = quantities.get(line, Decimal("0")) + row["quantity"]
        notice = deliveries.create_notice(order=order, quantities=quantities, actor=self.actor)
        return _delivery_answer(self.actor, notice, 201)


# --------------------------------------------------------------------------- views: deliveries

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
        return selectors.deliveries_visible_to(self.actor)

    def _answer(self, delivery: Delivery, status: int = 200) -> Response:
        return _delivery_answer(self.actor, delivery, status)

    def _line(self, delivery: Delivery, line_id: int, field: str) -> DeliveryLine:
        line = delivery.lines.filter(pk=line_id).first()
        if line is None:
            raise ValidationFailed(
                _("%(id)s is not a line of this delivery.") % {"id": line_id}, field=field
            )
        return line

    @extend_schema(parameters=[DELIVERY_STATE, LATE, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_any(self.actor, selectors.DELIVERY_READERS)
        rows = selectors.search_deliveries(
            self.visible(),
            search=request.query_params.get("q", ""),
            state=_param_choice(request, "state", Delivery.State.values),
            late=request.query_params.get("late", "").lower() in ("1", "true", "yes"),
        )
        page = self.paginate_queryset(_deliveries_detailed(rows)) or []
        return self.get_paginated_response(DeliverySerializer(page, many=True, context={}).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    @extend_schema(request=DeliveryShipInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def ship(self, request: Request, pk: str | None = None) -> Response:
        """Ship the notice: the stock leaves the warehouse now (SALES-3, INV-6)."""
        delivery = self.get_object()
        data = valid_input(DeliveryShipInput, request)
        shipped = deliveries.ship(delivery=delivery, actor=self.actor, **data)
        return _delivery_answer(self.actor, shipped, fresh=True)

    @extend_schema(request=DeliveryDeliveredInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def delivered(self, request: Request, pk: str | None = None) -> Response:
        """The goods arrived: the receivable is raised (SALES-3, SALES-5)."""
        delivery = self.get_object()
        data = valid_input(DeliveryDeliveredInput, request)
        return self._answer(deliveries.mark_delivered(delivery=delivery, actor=self.actor, **data))

    @extend_schema(request=DeliveryReceiptInput, responses={200: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def receipt(self, request: Request, pk: str | None = None) -> Response:
        """The customer confirmed the receipt (SALES-4)."""
        delivery = self.get_object()
        data = valid_input(DeliveryReceiptInput, request)
        return self._answer(deliveries.confirm_receipt(delivery=delivery, actor=self.actor, **data))

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
        problem = delivery.problems.select_related("delivery__order").filter(pk=data["problem"])
        found = problem.first()
        if found is None:
            raise ValidationFailed(
                _("%(id)s is not a problem of this delivery.") % {"id": data["problem"]},
                field="problem",
            )
        resolved = deliveries.resolve_problem(
            problem=found, resolution=data["resolution"], actor=self.actor
        )
        return Response(ReceiptProblemSerializer(resolved).data)

    @extend_schema(request=CustomerReturnInput, responses={201: CustomerReturnSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def returns(self, request: Request, pk: str | None = None) -> Response:
        """Goods come back to a returns location; the receivable is reduced (SALES-4)."""
        delivery = self.get_object()
        data = valid_input(CustomerReturnInput, request)
        quantities: dict[DeliveryLine, Decimal] = {}
        for index, row in enumerate(data["lines"]):
            line = self._line(delivery, row["line"], f"lines[{index}].line")
            quantities[line] = quantities.get(line, Decimal("0")) + row["quantity"]
        problem = None
        if data["problem"] is not None:
            problem = delivery.problems.filter(pk=data["problem"]).first()
            if problem is None:
                raise ValidationFailed(
                    _("%(id)s is not a problem of this delivery.") % {"id": data["problem"]},
                    field="problem",
                )
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


# --------------------------------------------------------------------------- receivables


class ReceivableAllocationSerializer(serializers.ModelSerializer[PaymentAllocation]):
    payment_number = serializers.CharField(source="payment.number", read_only=True)
    received_on = serializers.DateField(source="payment.received_on", read_only=True)

    class Meta:
        model = PaymentAllocation
        fields = ["id", "payment", "payment_number", "received_on", "amount"]
        read_only_fields = fields


class ReceivableSerializer(serializers.ModelSerializer[Receivable]):
    customer_code = serializers.CharField(source="customer.code", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    order_number = serializers.CharField(source="order.number", read_only=True)
    delivery_number = serializers.CharField(source="delivery.number", read_only=True)
    outstanding = _money(read_only=True)
    overdue = serializers.SerializerMethodField()
    allocations = ReceivableAllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Receivable
        fields = [
            "id",
            "number",
            "state",
            "customer",
            "customer_code",
            "customer_name",
            "region",
            "region_name",
            "order",
            "order_number",
            "delivery",
            "delivery_number",
            "invoice_date",
            "due_date",
            "amount",
            "credited",
            "paid",
            "outstanding",
            "overdue",
            "allocations",
        ]
        read_only_fields = fields

    def get_overdue(self, receivable: Receivable) -> bool:
        """Not settled and past its due date (SALES-8)."""
        return (
            receivable.state != Receivable.State.SETTLED
            and receivable.due_date < timezone.localdate()
        )


class ReceivableAgeingBucketSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text='"current", "1-30", …, "91+" (days overdue)')
    label = serializers.CharField()  # type: ignore[assignment]


class ReceivableAgeingRowSerializer(serializers.Serializer[Any]):
    key = serializers.IntegerField(help_text="The customer's or the region's id.")
    label = serializers.CharField()  # type: ignore[assignment]
    buckets = serializers.ListField(child=_money())
    total = _money()


class ReceivableAgeingSerializer(serializers.Serializer[Any]):
    by = serializers.CharField()
    buckets = ReceivableAgeingBucketSerializer(many=True)
    rows = ReceivableAgeingRowSerializer(many=True)
    totals = serializers.ListField(child=_money())
    total = _money()


RECEIVABLE_STATE = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    enum=[*Receivable.State.values, "unsettled"],
    description='"unsettled": open or partly paid.',
)
OVERDUE = OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue ones.")
AGEING_BY = OpenApiParameter("by", OpenApiTypes.STR, enum=["customer", "region"])


class ReceivableViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Receivable],
):
    """What customers owe for their deliveries, due by their payment terms (SALES-5)."""

    serializer_class = ReceivableSerializer

    def visible(self) -> QuerySet[Receivable]:
        return selectors.receivables_visible_to(self.actor).prefetch_related("allocations__payment")

    @extend_schema(parameters=[CUSTOMER, REGION, RECEIVABLE_STATE, OVERDUE, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_any(self.actor, selectors.RECEIVABLE_READERS)
        region_id = _param_id(request, "region")
        rows = selectors.search_receivables(
            self.visible(),
            search=request.query_params.get("q", ""),
            customer=_param_id(request, "customer"),
            region=Region.objects.filter(pk=region_id).first() if region_id else None,
            state=_param_choice(request, "state", [*Receivable.State.values, "unsettled"]),
            overdue=request.query_params.get("overdue", "").lower() in ("1", "true", "yes"),
        )
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(ReceivableSerializer(page, many=True).data)

    @extend_schema(parameters=[AGEING_BY], responses={200: ReceivableAgeingSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def ageing(self, request: Request) -> Response:
        """Outstanding amounts by customer or region in the buckets of the regulation: not
        yet due, 1–30, 31–60, 61–90 and over 90 days overdue (SALES-8)."""
        _require_any(self.actor, selectors.RECEIVABLE_READERS)
        by = _param_choice(request, "by", ["customer", "region"]) or "customer"
        labels, rows = selectors.ageing(selectors.receivables_visible_to(self.actor), by=by)
        totals = selectors.ageing_totals(rows, len(labels))
        return Response(
            ReceivableAgeingSerializer(
                {
                    "by": by,
                    "buckets": [{"key": k, "label": selectors.ageing_label(k)} for k in labels],
                    "rows": [
                        {"key": r.key, "label": r.label, "buckets": r.buckets, "total": r.total}
                        for r in rows
                    ],
                    "totals": totals,
                    "total": sum(totals, Decimal("0")),
                }
            ).data
        )


class PaymentAllocationSerializer(serializers.ModelSerializer[PaymentAllocation]):
    receivable_number = serializers.CharField(source="receivable.number", read_only=True)

    class Meta:
        model = PaymentAllocation
        fields = ["id", "receivable", "receivable_number", "amount"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    customer_code = serializers.CharField(source="customer.code", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    recorded_by = serializers.CharField(source="created_by.name", read_only=True)
    allocations = PaymentAllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "number",
            "customer",
            "customer_code",
            "customer_name",
            "received_on",
            "amount",
            "method",
            "reference",
            "recorded_by",
            "created_at",
            "allocations",
        ]
        read_only_fields = fields


class PaymentAllocationInput(serializers.Serializer[Any]):
    receivable = serializers.IntegerField(help_text="The id of an open receivable.")
    amount = _money()


class PaymentInput(serializers.Serializer[Any]):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    amount = _money()
    received_on = serializers.DateField(required=False, default=None, help_text="Default: today.")
    method = Choice(
        choices=Payment.Method.choices,
        default=Payment.Method.TRANSFER,
        help_text=_values(Payment.Method.values),
    )
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    allocations = PaymentAllocationInput(
        many=True,
        required=False,
        default=list,
        help_text="Empty: allocated automatically, the oldest due first.",
    )


class PaymentViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Payment]
):
    """Money received from customers and its allocation to their receivables (SALES-5)."""

    serializer_class = PaymentSerializer

    def visible(self) -> QuerySet[Payment]:
        return selectors.payments_visible_to(self.actor).prefetch_related("allocations__receivable")

    @extend_schema(parameters=[CUSTOMER, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_any(self.actor, selectors.RECEIVABLE_READERS)
        rows = selectors.search_payments(
            self.visible(),
            search=request.query_params.get("q", ""),
            customer=_param_id(request, "customer"),
        )
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)

    @extend_schema(request=PaymentInput, responses={201: PaymentSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Record a payment; a payment larger than what the customer owes is refused."""
        access.require(self.actor, selectors.RECORD_PAYMENT)
        data = valid_input(PaymentInput, request)
        customer: Customer = data["customer"]
        open_ones = {r.pk: r for r in selectors.open_receivables_of(customer)}
        allocations = []
        for index, row in enumerate(data["allocations"]):
            receivable = open_ones.get(row["receivable"])
            if receivable is None:
                raise ValidationFailed(
                    _("%(id)s is not an open receivable of this customer.")
                    % {"id": row["receivable"]},
                    field=f"allocations[{index}].receivable",
                )
            allocations.append((receivable, row["amount"]))
        payment = settlement.record_payment(
            customer=customer,
            amount=data["amount"],
            received_on=data["received_on"] or timezone.localdate(),
            method=data["method"],
            reference=data["reference"],
            allocations=allocations,
            actor=self.actor,
        )
        return Response(PaymentSerializer(self.visible().get(pk=payment.pk)).data, status=201)


# --------------------------------------------------------------------------- targets


class SalesTargetSerializer(serializers.ModelSerializer[SalesTarget]):
    region_code = serializers.CharField(source="region.code", read_only=True, default=None)
    region_name = serializers.CharField(source="region.name", read_only=True, default=None)
    salesperson_name = serializers.CharField(
        source="salesperson.name", read_only=True, default=None
    )

    class Meta:
        model = SalesTarget
        fields = [
            "id",
            "period",
            "year",
            "number",
            "start",
            "end",
            "region",
            "region_code",
            "region_name",
            "salesperson",
            "salesperson_name",
            "parent",
            "orders_amount",
            "revenue_amount",
            "collection_amount",
        ]
        read_only_fields = fields


class SalesTargetAchievementSerializer(serializers.Serializer[Any]):
    depth = serializers.IntegerField(help_text="0 for a target not broken down from another.")
    target = SalesTargetSerializer()
    orders = _money(help_text="Confirmed orders in the period.")
    deliveries = _money(help_text="Delivered (revenue), less returns.")
    collection = _money(help_text="Money received.")
    orders_rate = serializers.FloatField(allow_null=True, help_text="Percent of the target.")
    revenue_rate = serializers.FloatField(allow_null=True)
    collection_rate = serializers.FloatField(allow_null=True)


class SalesTargetInput(serializers.Serializer[Any]):
    period = Choice(
        choices=SalesTarget.Period.choices, help_text=_values(SalesTarget.Period.values)
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(
        min_value=1, max_value=12, default=1, help_text="The month or quarter; 1 for a year."
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True, default=None
    )
    salesperson = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=SalesTarget.objects.all(), required=False, allow_null=True, default=None
    )
    orders_amount = _money(required=False, default=Decimal("0"))
    revenue_amount = _money(required=False, default=Decimal("0"))
    collection_amount = _money(required=False, default=Decimal("0"))


PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, enum=SalesTarget.Period.values, description="Default: month."
)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year.")
NUMBER = OpenApiParameter(
    "number", OpenApiTypes.INT, description="Month or quarter; default: the current one."
)


class SalesTargetViewSet(ActorMixin, viewsets.GenericViewSet[SalesTarget]):
    """Targets per region or salesperson and period, broken down, with their achievement
    (SALES-6)."""

    serializer_class = SalesTargetSerializer
    pagination_class = None

    def visible(self) -> QuerySet[SalesTarget]:
        return SalesTarget.objects.select_related("region", "salesperson")

    @extend_schema(
        parameters=[PERIOD, YEAR, NUMBER],
        responses={200: SalesTargetAchievementSerializer(many=True), **ERRORS},
    )
    def list(self, request: Request) -> Response:
        """The targets of a period, each parent before its parts."""
        _require_any(self.actor, selectors.TARGET_READERS)
        today = timezone.localdate()
        period = _param_choice(request, "period", SalesTarget.Period.values) or "month"
        year = _param_id(request, "year") or today.year
        current = today.month if period == "month" else (today.month - 1) // 3 + 1
        number = 1 if period == "year" else _param_id(request, "number") or current
        rows = [
            {
                "depth": depth,
                "target": a.target,
                "orders": a.orders,
                "deliveries": a.deliveries,
                "collection": a.collection,
                "orders_rate": a.orders_rate,
                "revenue_rate": a.revenue_rate,
                "collection_rate": a.collection_rate,
            }
            for depth, a in selectors.target_tree(period, year, number)
        ]
        return Response(SalesTargetAchievementSerializer(rows, many=True).data)

    @extend_schema(request=SalesTargetInput, responses={201: SalesTargetSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Set (or change) a target; parts never add up to more than the whole (SALES-6)."""
        data = valid_input(SalesTargetInput, request)
        target = targets.set_target(actor=self.actor, **data)
        return Response(SalesTargetSerializer(target).data, status=201)


# --------------------------------------------------------------------------- statistics


class SalesStatisticsRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The month (YYYY-MM) or the code and name."
    )
    quantity = _quantity()
    amount = _money(help_text="Ordered.")
    delivered = _money()


class SalesStatisticsSerializer(serializers.Serializer[Any]):
    by = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    rows = SalesStatisticsRowSerializer(many=True)
    amount = _money(help_text="Ordered in all.")
    delivered = _money()


class SalesStatisticsView(ActorMixin, APIView):
    """Confirmed sales (by order date) by month, item, customer or region."""

    @extend_schema(
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(selectors.DIMENSIONS)),
            START,
            END,
        ],
        responses={200: SalesStatisticsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not access.has_perm(self.actor, selectors.VIEW_STATISTICS):
            raise NotAllowed(_("You may not see the sales statistics."))
        by = _param_choice(request, "by", list(selectors.DIMENSIONS)) or "month"
        start, end = _param_date(request, "start"), _param_date(request, "end")
        rows = selectors.sales_by(by, start=start, end=end)
        totals = selectors.totals_of(rows)
        return Response(
            SalesStatisticsSerializer(
                {
                    "by": by,
                    "start": start,
                    "end": end,
                    "rows": rows,
                    "amount": totals["amount"],
                    "delivered": totals["delivered"],
                }
            ).data
        )


def register(router: DefaultRouter) -> None:
    router.register("sales-orders", SalesOrderViewSet, basename="sales-order")
    router.register("deliveries", DeliveryViewSet, basename="delivery")
    router.register("receivables", ReceivableViewSet, basename="receivable")
    router.register("payments", PaymentViewSet, basename="payment")
    router.register("sales-targets", SalesTargetViewSet, basename="sales-target")


extra_urls = [
    path("sales-statistics/", SalesStatisticsView.as_view(), name="api-sales-statistics"),
]
