"""The sales statistics page: confirmed sales by month, item, customer and region in a date
range, each with its chart, and each table's Excel export (audited, ORG-4)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yunying.core.excel import xlsx_response
from yunying.core.web import actor, employee_view, require

from ..forms.statistics import RangeForm
from ..selectors.scope import VIEW_STATISTICS
from ..selectors.statistics import DIMENSIONS, sales_by, statistics, totals_of
from ..services import exports
from .common import filters_of, today_stamp


def _dimension_titles() -> dict[str, str]:
    return {
        "month": _("Sales by month"),
        "item": _("Sales by item"),
        "customer": _("Sales by customer"),
        "region": _("Sales by region"),
    }


def _bar_chart(rows: list[dict[str, Any]], *, limit: int = 10) -> dict[str, Any]:
    top = rows[:limit][::-1]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "data": [_("Amount ordered"), _("Amount delivered")]},
        "grid": {"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "value", "name": "¥"},
        "yAxis": {"type": "category", "data": [row["label"] for row in top]},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "bar",
                "color": "#0b6e4f",
                "data": [float(row["amount"]) for row in top],
            },
            {
                "name": _("Amount delivered"),
                "type": "bar",
                "color": "#6fd3a8",
                "data": [float(row["delivered"]) for row in top],
            },
        ],
    }


def _month_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": [_("Amount ordered"), _("Amount delivered")]},
        "grid": {"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "category", "data": [row["label"] for row in rows]},
        "yAxis": {"type": "value", "name": "¥"},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "bar",
                "color": "#0b6e4f",
                "data": [float(row["amount"]) for row in rows],
            },
            {
                "name": _("Amount delivered"),
                "type": "line",
                "smooth": True,
                "color": "#d69e2e",
                "data": [float(row["delivered"]) for row in rows],
            },
        ],
    }


def _region_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: ¥{c} ({d}%)"},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "pie",
                "radius": ["35%", "65%"],
                "data": [{"name": row["label"], "value": float(row["amount"])} for row in rows],
            }
        ],
    }


def _tables(data: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One table per dimension: its title, rows, totals and chart."""
    titles = _dimension_titles()
    charts = {
        "month": _month_chart(data["month"]),
        "item": _bar_chart(data["item"]),
        "customer": _bar_chart(data["customer"]),
        "region": _region_chart(data["region"]),
    }
    return [
        {
            "key": key,
            "title": titles[key],
            "rows": data[key],
            "totals": totals_of(data[key]),
            "chart": charts[key],
        }
        for key in DIMENSIONS
    ]


@employee_view
def statistics_page(request: HttpRequest) -> HttpResponse:
    """Confirmed sales by month, item, customer and region in a date range; each table can be
    exported to Excel (audited, ORG-4)."""
    me = actor(request)
    require(request, VIEW_STATISTICS, export="sales.statistics")
    range_form = RangeForm(request.GET or None)
    start, end = range_form.bounds()
    export = request.GET.get("export", "")
    if export in DIMENSIONS:
        content = exports.statistics_workbook(
            actor=me,
            dimension=export,
            rows=sales_by(export, start=start, end=end),
            filters=filters_of(request, "start", "end"),
        )
        return xlsx_response(f"sales-by-{export}-{today_stamp()}.xlsx", content)
    data = statistics(start=start, end=end)
    return render(
        request,
        "sales/statistics.html",
        {
            "range_form": range_form,
            "tables": _tables(data),
            "totals": totals_of(data["month"]),
            "range_query": urlencode(filters_of(request, "start", "end")),
        },
    )
