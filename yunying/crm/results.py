"""The results of a promotion (MKT-2), counted in the database: its leads (contacts logged
against it), its orders (sales orders carrying it, confirmed and not cancelled) and their
revenue net of goods returned, each against its target; the budget against the revenue (return
on the budget, cost per order and per lead); and the same week by week (month by month for a
long promotion) for the chart."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from yunying.sales.models import SalesOrder, SalesOrderLine

from .models import ContactRecord, Promotion

ZERO = Decimal("0")
CENT = Decimal("0.01")
# The orders a promotion counts: confirmed (or further along), not cancelled, not awaiting
# credit approval.
COUNTED = (
    SalesOrder.State.CONFIRMED,
    SalesOrder.State.PARTIAL,
    SalesOrder.State.DELIVERED,
    SalesOrder.State.CLOSED,
)
WEEKLY_UP_TO_DAYS = 120
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=4)


@dataclass(frozen=True)
class Results:
    leads: int
    orders: int
    revenue: Decimal
    budget: Decimal
    target_leads: int
    target_orders: int
    target_revenue: Decimal

    @staticmethod
    def _percent(value: Decimal | int, target: Decimal | int) -> Decimal | None:
        if not target:
            return None
        return (Decimal(value) * 100 / Decimal(target)).quantize(Decimal("0.1"))

    @property
    def leads_reached(self) -> Decimal | None:
        return self._percent(self.leads, self.target_leads)

    @property
    def orders_reached(self) -> Decimal | None:
        return self._percent(self.orders, self.target_orders)

    @property
    def revenue_reached(self) -> Decimal | None:
        return self._percent(self.revenue, self.target_revenue)

    @property
    def return_on_budget(self) -> Decimal | None:
        """(Revenue − budget) / budget, in percent; none without a budget."""
        return self._percent(self.revenue - self.budget, self.budget)

    @property
    def cost_per_order(self) -> Decimal | None:
        return (self.budget / self.orders).quantize(CENT) if self.orders else None

    @property
    def cost_per_lead(self) -> Decimal | None:
        return (self.budget / self.leads).quantize(CENT) if self.leads else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "leads": self.leads,
            "orders": self.orders,
            "revenue": self.revenue,
            "budget": self.budget,
            "target_leads": self.target_leads,
            "target_orders": self.target_orders,
            "target_revenue": self.target_revenue,
            "leads_reached": self.leads_reached,
            "orders_reached": self.orders_reached,
            "revenue_reached": self.revenue_reached,
            "return_on_budget": self.return_on_budget,
            "cost_per_order": self.cost_per_order,
            "cost_per_lead": self.cost_per_lead,
        }


def _order_lines(promotion: Promotion) -> QuerySet[SalesOrderLine]:
    return SalesOrderLine.objects.filter(order__promotion=promotion, order__state__in=COUNTED)


def _net_revenue() -> Any:
    """Each line's amount less what the customer returned of it, summed."""
    returned = F("returned_quantity") * F("unit_price")
    return Coalesce(
        Sum(F("amount") - returned, output_field=MONEY), Value(ZERO), output_field=MONEY
    )


def results_of(promotion: Promotion) -> Results:
    """Leads, orders and revenue attributed to the promotion (two statements)."""
    sold = _order_lines(promotion).aggregate(
        orders=Count("order", distinct=True), revenue=_net_revenue()
    )
    leads = ContactRecord.objects.filter(promotion=promotion).count()
    return Results(
        leads=leads,
        orders=sold["orders"] or 0,
        revenue=Decimal(sold["revenue"] or 0).quantize(CENT),
        budget=promotion.budget,
        target_leads=promotion.target_leads,
        target_orders=promotion.target_orders,
        target_revenue=promotion.target_revenue,
    )


def _weekly(promotion: Promotion) -> bool:
    return (promotion.ends_on - promotion.starts_on).days <= WEEKLY_UP_TO_DAYS


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def series(promotion: Promotion) -> list[dict[str, Any]]:
    """Leads, orders and revenue per week (per month beyond ``WEEKLY_UP_TO_DAYS`` days), the
    periods in order: ``{"period": date, "leads", "orders", "revenue"}``."""
    trunc = TruncWeek if _weekly(promotion) else TruncMonth
    sold = (
        _order_lines(promotion)
        .annotate(period=trunc("order__order_date"))
        .values("period")
        .annotate(orders=Count("order", distinct=True), revenue=_net_revenue())
    )
    leads = (
        ContactRecord.objects.filter(promotion=promotion)
        .annotate(period=trunc("occurred_at"))
        .values("period")
        .annotate(leads=Count("id"))
    )
    periods: dict[datetime.date, dict[str, Any]] = {}

    def at(value: datetime.date | datetime.datetime) -> dict[str, Any]:
        day = _day(value)
        return periods.setdefault(day, {"period": day, "leads": 0, "orders": 0, "revenue": ZERO})

    for row in sold:
        entry = at(row["period"])
        entry["orders"], entry["revenue"] = row["orders"], Decimal(row["revenue"]).quantize(CENT)
    for row in leads:
        at(row["period"])["leads"] = row["leads"]
    return [periods[day] for day in sorted(periods)]


def chart(promotion: Promotion, points: list[dict[str, Any]]) -> dict[str, Any]:
    """The ECharts option of :func:`series`: leads and orders as bars, revenue as a line."""
    labels = [p["period"].isoformat() for p in points]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": [{"type": "value", "minInterval": 1}, {"type": "value"}],
        "series": [
            {"name": _("Leads"), "type": "bar", "data": [p["leads"] for p in points]},
            {"name": _("Orders"), "type": "bar", "data": [p["orders"] for p in points]},
            {
                "name": _("Revenue"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [float(p["revenue"]) for p in points],
            },
        ],
    }
