"""Receivables over the API: what customers owe for their deliveries, due by their payment
terms (SALES-5), and their ageing by customer or region (SALES-8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.lists import api_ordered, sort_parameter
from yunying.masterdata.models import Region

from ..lists import RECEIVABLES
from ..models import PaymentAllocation, Receivable
from ..selectors.ageing import AgeingRow, ageing, ageing_label, ageing_totals
from ..selectors.receivables import search_receivables
from ..selectors.scope import RECEIVABLE_READERS, receivables_visible_to
from .common import (
    CUSTOMER,
    REGION,
    SEARCH,
    money_field,
    param_choice,
    param_flag,
    param_id,
    require_any,
)


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
    outstanding = money_field(read_only=True)
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
    buckets = serializers.ListField(child=money_field())
    total = money_field()


class ReceivableAgeingSerializer(serializers.Serializer[Any]):
    by = serializers.CharField()
    buckets = ReceivableAgeingBucketSerializer(many=True)
    rows = ReceivableAgeingRowSerializer(many=True)
    totals = serializers.ListField(child=money_field())
    total = money_field()


def _ageing_report(by: str, labels: list[str], rows: list[AgeingRow]) -> dict[str, Any]:
    """The ageing as ``ReceivableAgeingSerializer`` shows it: buckets, rows and totals."""
    totals = ageing_totals(rows, len(labels))
    return {
        "by": by,
        "buckets": [{"key": k, "label": ageing_label(k)} for k in labels],
        "rows": [
            {"key": r.key, "label": r.label, "buckets": r.buckets, "total": r.total} for r in rows
        ],
        "totals": totals,
        "total": sum(totals, Decimal("0")),
    }


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
        return receivables_visible_to(self.actor).prefetch_related("allocations__payment")

    @extend_schema(
        parameters=[
            CUSTOMER,
            REGION,
            RECEIVABLE_STATE,
            OVERDUE,
            SEARCH,
            sort_parameter(RECEIVABLES),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_any(self.actor, RECEIVABLE_READERS)
        region_id = param_id(request, "region")
        rows = search_receivables(
            self.visible(),
            search=request.query_params.get("q", ""),
            customer=param_id(request, "customer"),
            region=Region.objects.filter(pk=region_id).first() if region_id else None,
            state=param_choice(request, "state", [*Receivable.State.values, "unsettled"]),
            overdue=param_flag(request, "overdue"),
        )
        rows = api_ordered(RECEIVABLES, rows, request.query_params)
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(ReceivableSerializer(page, many=True).data)

    @extend_schema(parameters=[AGEING_BY], responses={200: ReceivableAgeingSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def ageing(self, request: Request) -> Response:
        """Outstanding amounts by customer or region in the buckets of the regulation: not
        yet due, 1–30, 31–60, 61–90 and over 90 days overdue (SALES-8)."""
        require_any(self.actor, RECEIVABLE_READERS)
        by = param_choice(request, "by", ["customer", "region"]) or "customer"
        labels, rows = ageing(receivables_visible_to(self.actor), by=by)
        return Response(ReceivableAgeingSerializer(_ageing_report(by, labels, rows)).data)
