"""Sales orders over the API: entered as drafts, confirmed with the stock reserved and a
delivery notice to logistics (SALES-1, SALES-2), beyond the credit limit first approved
(SALES-7), cancelled while nothing is shipped. The order's serializers and inputs."""

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

from yunying.approvals.models import ApprovalRequest
from yunying.approvals.registry import for_model
from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.masterdata.models import Item, Region

from ..models import Delivery, SalesOrder, SalesOrderLine
from ..selectors.orders import customers_for_orders, quotes_list_prices, search_orders
from ..selectors.scope import MANAGE_ORDER, ORDER_READERS, orders_visible_to
from ..services import deliveries, orders
from .common import (
    CUSTOMER,
    END,
    REGION,
    SEARCH,
    START,
    param_choice,
    param_date,
    param_id,
    quantity_field,
    require_any,
)
from .deliveries import DeliverySerializer, delivery_answer


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
            "promotion",
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
    quantity = quantity_field()
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
    promotion = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The id of an approved promotion running on the order date (MKT-2); null "
        "for none. Left out on a change: the promotion stays.",
    )


class SalesOrderInput(SalesOrderUpdateInput):
    customer = serializers.IntegerField(help_text="Customer id")


class SalesOrderCancelInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class DeliveryNoticeLineInput(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of the order line.")
    quantity = quantity_field()


class DeliveryNoticeInput(serializers.Serializer[Any]):
    lines = DeliveryNoticeLineInput(many=True)


def _order_lines(actor: Employee, data: dict[str, Any]) -> list[orders.OrderLine]:
    """The order lines of the input: each item found, an empty price the list price for those
    who quote it."""
    list_prices = quotes_list_prices(actor)
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


def _notice_quantities(
    order: SalesOrder, rows: list[dict[str, Any]]
) -> dict[SalesOrderLine, Decimal]:
    """The quantity of each line of the order, rows on the same line added up."""
    lines = {line.pk: line for line in order.lines.all()}
    quantities: dict[SalesOrderLine, Decimal] = {}
    for index, row in enumerate(rows):
        line = lines.get(row["line"])
        if line is None:
            raise ValidationFailed(
                _("%(id)s is not a line of this order.") % {"id": row["line"]},
                field=f"lines[{index}].line",
            )
        quantities[line] = quantities.get(line, Decimal("0")) + row["quantity"]
    return quantities


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
        return orders_visible_to(self.actor)

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
        require_any(self.actor, ORDER_READERS)
        region_id = param_id(request, "region")
        rows = search_orders(
            self.visible(),
            search=request.query_params.get("q", ""),
            state=param_choice(request, "state", SalesOrder.State.values),
            customer=param_id(request, "customer"),
            region=Region.objects.filter(pk=region_id).first() if region_id else None,
            start=param_date(request, "start"),
            end=param_date(request, "end"),
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
        access.require(self.actor, MANAGE_ORDER)
        customer = customers_for_orders(self.actor).filter(pk=data["customer"]).first()
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
            promotion_id=data.get("promotion"),
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
            promotion_id=data.get("promotion", orders.KEEP_PROMOTION),
        )
        return self._answer(order)

    @extend_schema(request=None, responses={200: SalesOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm a draft: the stock is reserved (409 with clause INV-6 when it is short and
        the line allows no backorder) and a delivery notice goes to logistics — its id is in
        ``deliveries``. Beyond the credit limit the state becomes ``credit_review`` and
        ``approval`` names the request (SALES-7)."""
        return self.perform(
            orders.confirm_order,
            answer=partial(self._answer, fresh=True),
            order=self.get_object(),
        )

    @extend_schema(request=SalesOrderCancelInput, responses={200: SalesOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel an order nothing of which was shipped; its reservations are released."""
        return self.perform(
            orders.cancel_order,
            payload=SalesOrderCancelInput,
            answer=self._answer,
            order=self.get_object(),
        )

    @extend_schema(request=DeliveryNoticeInput, responses={201: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def notices(self, request: Request, pk: str | None = None) -> Response:
        """A delivery notice for (part of) what is left of a confirmed order (SALES-2)."""
        order = self.get_object()
        data = valid_input(DeliveryNoticeInput, request)
        quantities = _notice_quantities(order, data["lines"])
        notice = deliveries.create_notice(order=order, quantities=quantities, actor=self.actor)
        return delivery_answer(notice, 201)
