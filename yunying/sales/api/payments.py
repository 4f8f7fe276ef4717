"""Payments over the API: money received from customers and its allocation to their
receivables, automatically or as given (SALES-5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import ValidationFailed
from yunying.masterdata.models import Customer

from ..models import Payment, PaymentAllocation, Receivable
from ..selectors.receivables import open_receivables_of, search_payments
from ..selectors.scope import RECEIVABLE_READERS, RECORD_PAYMENT, payments_visible_to
from ..services import settlement
from .common import CUSTOMER, SEARCH, Choice, money_field, param_id, require_any, values_text


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
    amount = money_field()


class PaymentInput(serializers.Serializer[Any]):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    amount = money_field()
    received_on = serializers.DateField(required=False, default=None, help_text="Default: today.")
    method = Choice(
        choices=Payment.Method.choices,
        default=Payment.Method.TRANSFER,
        help_text=values_text(Payment.Method.values),
    )
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    allocations = PaymentAllocationInput(
        many=True,
        required=False,
        default=list,
        help_text="Empty: allocated automatically, the oldest due first.",
    )


def _allocations(
    customer: Customer, rows: list[dict[str, Any]]
) -> list[tuple[Receivable, Decimal]]:
    """The allocations asked for, each to an open receivable of the customer."""
    open_ones = {r.pk: r for r in open_receivables_of(customer)}
    allocations = []
    for index, row in enumerate(rows):
        receivable = open_ones.get(row["receivable"])
        if receivable is None:
            raise ValidationFailed(
                _("%(id)s is not an open receivable of this customer.") % {"id": row["receivable"]},
                field=f"allocations[{index}].receivable",
            )
        allocations.append((receivable, row["amount"]))
    return allocations


class PaymentViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Payment]
):
    """Money received from customers and its allocation to their receivables (SALES-5)."""

    serializer_class = PaymentSerializer

    def visible(self) -> QuerySet[Payment]:
        return payments_visible_to(self.actor).prefetch_related("allocations__receivable")

    @extend_schema(parameters=[CUSTOMER, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_any(self.actor, RECEIVABLE_READERS)
        rows = search_payments(
            self.visible(),
            search=request.query_params.get("q", ""),
            customer=param_id(request, "customer"),
        )
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)

    @extend_schema(request=PaymentInput, responses={201: PaymentSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Record a payment; a payment larger than what the customer owes is refused."""
        access.require(self.actor, RECORD_PAYMENT)
        data = valid_input(PaymentInput, request)
        customer: Customer = data["customer"]
        payment = settlement.record_payment(
            customer=customer,
            amount=data["amount"],
            received_on=data["received_on"] or timezone.localdate(),
            method=data["method"],
            reference=data["reference"],
            allocations=_allocations(customer, data["allocations"]),
            actor=self.actor,
        )
        return Response(PaymentSerializer(self.visible().get(pk=payment.pk)).data, status=201)
