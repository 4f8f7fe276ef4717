"""Excel exports of sales. Orders carry customers and prices, statistics the company's sales:
every export is audited (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import NotAllowed
from yunying.core.excel import build_workbook
from yunying.core.models import Employee
from yunying.core.services.org import record_export

from ..models import SalesOrder

ORDER_READERS = ("sales.manage_order", "sales.view_order")
VIEW_STATISTICS = "sales.view_statistics"


def _number(value: Decimal) -> int | float:
    """A number Excel can sum (decimals would be written as text)."""
    return int(value) if value == value.to_integral_value() else float(value)


def orders_workbook(
    *, actor: Employee, orders: QuerySet[SalesOrder], filters: Mapping[str, object]
) -> bytes:
    """The given (already scoped) orders, one row per order line; the export is audited."""
    if not any(access.has_perm(actor, code) for code in ORDER_READERS):
        raise NotAllowed(_("You may not see sales orders."))
    headers = [
        _("Order number"),
        _("Order date"),
        _("Customer code"),
        _("Customer"),
        _("Region"),
        _("Customer's order number"),
        _("Promised delivery date"),
        _("State"),
        _("Item code"),
        _("Item"),
        _("Unit"),
        _("Quantity"),
        _("Unit price"),
        _("Amount"),
        _("Shipped"),
        _("Delivered"),
        _("Entered by"),
    ]
    rows: list[list[Any]] = []
    count = 0
    for order in orders.select_related("customer", "region", "created_by").prefetch_related(
        "lines__item"
    ):
        count += 1
        head = [
            order.number,
            order.order_date,
            order.customer.code,
            order.customer.name,
            order.region.name,
            order.customer_reference,
            order.promised_date,
            order.get_state_display(),
        ]
        for line in order.lines.all():
            rows.append(
                [
                    *head,
                    line.item.code,
                    line.item.name,
                    line.item.unit,
                    _number(line.quantity),
                    _number(line.unit_price),
                    _number(line.amount),
                    _number(line.shipped_quantity),
                    _number(line.delivered_quantity),
                    order.created_by.name,
                ]
            )
    content = build_workbook(str(_("Sales orders")), headers, rows)
    record_export(actor=actor, what="sales.salesorder", count=count, filters=filters)
    return content


STATISTICS_TITLES = {
    "month": lambda: _("Sales by month"),
    "item": lambda: _("Sales by item"),
    "customer": lambda: _("Sales by customer"),
    "region": lambda: _("Sales by region"),
}
STATISTICS_HEADINGS = {
    "month": lambda: _("Month"),
    "item": lambda: _("Item"),
    "customer": lambda: _("Customer"),
    "region": lambda: _("Region"),
}


def statistics_workbook(
    *,
    actor: Employee,
    dimension: str,
    rows: Sequence[Mapping[str, Any]],
    filters: Mapping[str, object],
) -> bytes:
    """One table of the sales statistics; the export is audited (ORG-4)."""
    access.require(actor, VIEW_STATISTICS)
    headers = [
        STATISTICS_HEADINGS[dimension](),
        _("Quantity ordered"),
        _("Amount ordered"),
        _("Amount delivered"),
    ]
    content = build_workbook(
        str(STATISTICS_TITLES[dimension]()),
        headers,
        [
            [
                row["label"],
                _number(row["quantity"]),
                _number(row["amount"]),
                _number(row["delivered"]),
            ]
            for row in rows
        ],
    )
    record_export(
        actor=actor,
        what="sales.statistics",
        count=len(rows),
        filters={"by": dimension, **filters},
    )
    return content
