"""REST resource of the suppliers, within the caller's data scope (ORG-4), with blocking from
new contracts (PROC-7)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.models import Employee

from .. import readers, selectors
from ..models import Supplier
from ..permissions import VIEW_SUPPLIER
from ..services import suppliers
from .common import keeping_code, param
from .parties import PARTY_FIELDS, ContactSerializer, PartyInput


class SupplierSerializer(serializers.ModelSerializer[Supplier]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, default=None)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = [*PARTY_FIELDS, "blocked", "block_reason"]
        read_only_fields = fields


class SupplierInput(PartyInput):
    pass


class BlockInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)


class SupplierViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Supplier]
):
    """Suppliers within the caller's data scope for masterdata.view_supplier, or for
    procurement.manage_contract for those who contract with them (ORG-4); changes need
    masterdata.manage_supplier with a scope covering the supplier."""

    serializer_class = SupplierSerializer

    def visible(self) -> QuerySet[Supplier]:
        rows = Supplier.objects.select_related("department", "owner").order_by("code")
        return readers.readable(rows, self.actor).prefetch_related("contacts")

    def filter_queryset(self, queryset: QuerySet[Supplier]) -> QuerySet[Supplier]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        return selectors.search_suppliers(
            queryset, search=params.get("search", ""), status=params.get("status", "")
        )

    @extend_schema(
        parameters=[
            param("search", "Part of the code, name, contact person or phone"),
            param("status", "active, blocked or inactive"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not readers.may_read(self.actor, Supplier):
            self.require(VIEW_SUPPLIER)
        return super().list(request, *args, **kwargs)

    def _answer(self, supplier: Supplier, status: int = 200) -> Response:
        fresh = Supplier.objects.prefetch_related("contacts").select_related("department", "owner")
        return Response(SupplierSerializer(fresh.get(pk=supplier.pk)).data, status=status)

    @extend_schema(request=SupplierInput, responses={201: SupplierSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            suppliers.create_supplier, payload=SupplierInput, answer=self._answer, status=201
        )

    @extend_schema(request=SupplierInput, responses={200: SupplierSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self.perform(
            keeping_code(suppliers.update_supplier),
            payload=SupplierInput,
            answer=self._answer,
            supplier=self.get_object(),
        )

    @extend_schema(request=BlockInput, responses={200: SupplierSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def block(self, request: Request, pk: str | None = None) -> Response:
        """Block the supplier from new contracts; the reason is required (PROC-7)."""
        return self.perform(self._block, payload=BlockInput, answer=self._answer)

    def _block(self, *, actor: Employee, reason: str) -> Supplier:
        # The supplier is looked up once the body is valid, as the answer to a bad body is 400.
        return suppliers.set_supplier_blocked(
            supplier=self.get_object(), blocked=True, reason=reason, actor=actor
        )

    @extend_schema(request=None, responses={200: SupplierSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def unblock(self, request: Request, pk: str | None = None) -> Response:
        """Lift the block (PROC-7)."""
        return self.perform(
            suppliers.set_supplier_blocked,
            answer=self._answer,
            supplier=self.get_object(),
            blocked=False,
        )
