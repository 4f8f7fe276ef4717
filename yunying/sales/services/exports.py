"""Excel exports of sales statistics: the company's sales, so every export is audited (ORG-4).
The order list's download is ``sales.downloads``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.excel import build_workbook
from yunying.core.models import Employee
from yunying.core.services.org import record_export

VIEW_STATISTICS = "sales.view_statistics"


def _number(value: Decimal) -> int | float:
    """A number Excel can sum (decimals would be written as text)."""
    return int(value) if value == value.to_integral_value() else float(value)


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
