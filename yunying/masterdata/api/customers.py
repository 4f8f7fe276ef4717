"""REST resource of the customers, within the caller's data scope (ORG-4), filtered by region
(with the regions below it) and type."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.params import as_id

from .. import readers, selectors
from ..models import Customer, Region
from ..permissions import VIEW_CUSTOMER
from ..services import customers
from .common import keeping_code, param
from .parties import PARTY_FIELDS, ContactSerializer, PartyInput


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, default=None)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Customer
        fields = [*PARTY_FIELDS, "kind", "region", "region_code", "region_name", "credit_limit"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Customer")
class CustomerInput(PartyInput):
    kind = serializers.ChoiceField(choices=Customer.Kind.choices, required=False)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    credit_limit = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal(0), required=False
    )


def _region(key: str) -> Region | None:
    """The region with this id or code."""
    region_id = as_id(key)
    if region_id is not None:
        return Region.objects.filter(pk=region_id).first()
    return Region.objects.filter(code=key).first()


class CustomerViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Customer]
):
    """Customers within the caller's data scope for masterdata.view_customer, or for
    sales.manage_order for those who enter orders (ORG-4); changes need
    masterdata.manage_customer with a scope covering the customer."""

    serializer_class = CustomerSerializer

    def visible(self) -> QuerySet[Customer]:
        rows = Customer.objects.select_related("region", "department", "owner").order_by("code")
        return readers.readable(rows, self.actor).prefetch_related("contacts")

    def filter_queryset(self, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        region_key = params.get("region", "")
        region = None
        if region_key:
            region = _region(region_key)
            if region is None:
                return queryset.none()
        return selectors.search_customers(
            queryset,
            search=params.get("search", ""),
            region=region,
            kind=params.get("kind", ""),
        )

    @extend_schema(
        parameters=[
            param("search", "Part of the code, name, contact person or phone"),
            param("region", "A region id or code; includes the regions below it"),
            param("kind", "direct or distributor"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not readers.may_read(self.actor, Customer):
            self.require(VIEW_CUSTOMER)
        return super().list(request, *args, **kwargs)

    def _answer(self, customer: Customer, status: int = 200) -> Response:
        fresh = Customer.objects.prefetch_related("contacts").select_related(
            "department", "owner", "region"
        )
        return Response(CustomerSerializer(fresh.get(pk=customer.pk)).data, status=status)

    @extend_schema(request=CustomerInput, responses={201: CustomerSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            customers.create_customer, payload=CustomerInput, answer=self._answer, status=201
        )

    @extend_schema(request=CustomerInput, responses={200: CustomerSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(
            keeping_code(customers.update_customer),
            payload=CustomerInput,
            answer=self._answer,
            customer=self.get_object(),
        )
