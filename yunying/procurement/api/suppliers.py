"""The evaluation of a supplier from its receipts: on-time and acceptance rates, price trend
(PROC-7)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.errors import NotFound
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from .common import (
    quantity_field,
)


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
    received = quantity_field()
    accepted = quantity_field()
    rejected = quantity_field()
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
