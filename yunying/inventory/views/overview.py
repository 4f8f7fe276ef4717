"""The inventory overview: items below their safety stock, receipts per week, the stock value
per category (with the permission to see prices), open alerts and overdue counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from yunying.core.web import (
    actor,
    employee_view,
    require,
)
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..models import StockBalance
from .common import (
    AMBER,
    GREEN,
    GREY,
    VIEW,
    as_number,
)


def below_safety_chart(below: list[selectors.ItemStock]) -> dict[str, Any]:
    """Available against safety stock for the items furthest below it."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 20, "top": 36, "bottom": 60},
        "xAxis": {
            "type": "category",
            "data": [s.item.code for s in below],
            "axisLabel": {"rotate": 30},
        },
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": _("Available"),
                "type": "bar",
                "data": [as_number(s.available) for s in below],
                "color": AMBER,
            },
            {
                "name": _("Safety stock"),
                "type": "bar",
                "data": [as_number(s.item.safety_stock) for s in below],
                "color": GREY,
            },
        ],
    }


def receipts_chart(weeks: list[selectors.WeekReceipts]) -> dict[str, Any]:
    """Goods receipts and the quantity received per week."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 60, "top": 36, "bottom": 30},
        "xAxis": {"type": "category", "data": [w.week.strftime("%m-%d") for w in weeks]},
        "yAxis": [
            {"type": "value", "name": _("receipts"), "minInterval": 1},
            {"type": "value", "name": _("quantity"), "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("Goods receipts"),
                "type": "bar",
                "data": [w.receipts for w in weeks],
                "color": GREEN,
            },
            {
                "name": _("Quantity received"),
                "type": "line",
                "yAxisIndex": 1,
                "smooth": True,
                "data": [as_number(w.quantity) for w in weeks],
                "color": AMBER,
            },
        ],
    }


def value_chart(by_category: list[dict[str, Any]]) -> dict[str, Any]:
    """The stock value per item category, as a ring."""
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: ¥{c} ({d}%)"},
        "legend": {"type": "scroll", "bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["38%", "68%"],
                "center": ["50%", "45%"],
                "data": [
                    {"name": row["name"], "value": round(row["value"], 2)} for row in by_category
                ],
            }
        ],
    }


@employee_view
def overview(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    me = actor(request)
    prices = prices_visible(me)
    below = selectors.items_below_safety(limit=15)
    weeks = selectors.weekly_receipts(weeks=12)
    alerts = selectors.open_alerts().order_by("-raised_at")
    charts: dict[str, Any] = {"below": below_safety_chart(below), "receipts": receipts_chart(weeks)}
    total_value = None
    if prices:
        by_category = selectors.value_by_category()
        total_value = sum((Decimal(str(row["value"])) for row in by_category), Decimal("0"))
        charts["value"] = value_chart(by_category)
    return render(
        request,
        "inventory/overview.html",
        {
            "prices": prices,
            "charts": charts,
            "below": below,
            "alerts": alerts[:20],
            "alert_count": alerts.count(),
            "overdue": selectors.overdue_locations(),
            "below_count": selectors.items_below_safety_ids().count(),
            "total_value": total_value,
            "stocked_items": StockBalance.objects.filter(on_hand__gt=0)
            .values("item_id")
            .distinct()
            .count(),
        },
    )
