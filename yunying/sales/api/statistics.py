"""The sales statistics over the API: confirmed sales (by order date) by month, item, customer
or region, with their totals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.errors import NotAllowed

from ..selectors.scope import VIEW_STATISTICS
from ..selectors.statistics import DIMENSIONS, sales_by, totals_of
from .common import END, START, money_field, param_choice, param_date, quantity_field


class SalesStatisticsRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The month (YYYY-MM) or the code and name."
    )
    quantity = quantity_field()
    amount = money_field(help_text="Ordered.")
    delivered = money_field()


class SalesStatisticsSerializer(serializers.Serializer[Any]):
    by = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    rows = SalesStatisticsRowSerializer(many=True)
    amount = money_field(help_text="Ordered in all.")
    delivered = money_field()


class SalesStatisticsView(ActorMixin, APIView):
    """Confirmed sales (by order date) by month, item, customer or region."""

    @extend_schema(
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(DIMENSIONS)),
            START,
            END,
        ],
        responses={200: SalesStatisticsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not access.has_perm(self.actor, VIEW_STATISTICS):
            raise NotAllowed(_("You may not see the sales statistics."))
        by = param_choice(request, "by", list(DIMENSIONS)) or "month"
        start, end = param_date(request, "start"), param_date(request, "end")
        rows = sales_by(by, start=start, end=end)
        totals = totals_of(rows)
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
