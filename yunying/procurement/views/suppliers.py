"""Pages of the supplier evaluation (PROC-7): every supplier's rates and one supplier's
fragment with its price trend."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from yunying.core.web import (
    actor,
    employee_view,
    paginate,
    query_string_without_page,
    require,
)
from yunying.masterdata.selectors import prices_visible

from .. import selectors


def price_trend_chart(evaluation: selectors.Evaluation) -> dict[str, Any] | None:
    """An ECharts line chart of the average received price per item and month (PROC-7)."""
    if not evaluation.price_trend:
        return None
    months = sorted({month for points in evaluation.price_trend.values() for month, _p in points})
    series = []
    for code, points in sorted(evaluation.price_trend.items()):
        by_month = dict(points)
        series.append(
            {
                "name": code,
                "type": "line",
                "connectNulls": True,
                "data": [by_month.get(month) for month in months],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 30},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": str(_("unit price")), "scale": True},
        "series": series,
    }


def rates_chart(rated: list[selectors.Evaluation]) -> dict[str, Any]:
    """An ECharts bar chart of the on-time and acceptance rates of the rated suppliers."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 20, "top": 36, "bottom": 60},
        "xAxis": {
            "type": "category",
            "data": [row.supplier.code for row in rated],
        },
        "yAxis": {"type": "value", "max": 100, "name": "%"},
        "series": [
            {
                "name": str(_("On-time delivery rate")),
                "type": "bar",
                "color": "#0b6e4f",
                "data": [row.on_time_rate for row in rated],
            },
            {
                "name": str(_("Acceptance rate")),
                "type": "bar",
                "color": "#b7791f",
                "data": [row.acceptance_rate for row in rated],
            },
        ],
    }


@employee_view
def supplier_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation of one supplier (PROC-7): an HTML fragment for the supplier page."""
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    evaluation = selectors.evaluate_supplier(supplier)
    prices = prices_visible(me)
    return render(
        request,
        "procurement/_supplier_evaluation.html",
        {
            "evaluation": evaluation,
            "supplier": supplier,
            "chart": price_trend_chart(evaluation) if prices else None,
            "prices": prices,
        },
    )


@employee_view
def evaluations(request: HttpRequest) -> HttpResponse:
    """Every supplier the person may see, with its on-time and acceptance rates (PROC-7)."""
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER)
    suppliers = selectors.suppliers_visible_to(me)
    q = request.GET.get("q", "").strip()
    if q:
        suppliers = suppliers.filter(Q(code__icontains=q) | Q(name__icontains=q))
    page = paginate(request, suppliers)
    rows = [selectors.evaluate_supplier(supplier) for supplier in page]
    rated = [row for row in rows if row.receipts]
    chart = rates_chart(rated) if rated else None
    return render(
        request,
        "procurement/evaluations.html",
        {
            "page": page,
            "rows": rows,
            "chart": chart,
            "query": query_string_without_page(request),
        },
    )
