"""Excel download of the stock list (``core.excel``): constant memory however many items and
locations, rows read in chunks with their item and location (no query per row). With stock
values it is protected data (ORG-4): audited through ``core.services.org.record_export`` with
the number of rows it held.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.excel import write_workbook, xlsx_file_response
from yunying.core.models import Employee
from yunying.core.services.org import record_export

from .models import StockBalance

CHUNK = 2000


@dataclass
class Tally:
    rows: int = 0


def stock_headers(*, prices: bool) -> list[str]:
    headers = [
        _("Item code"),
        _("Item name"),
        _("Specification"),
        _("Unit"),
        _("Category"),
        _("Warehouse"),
        _("Location"),
        _("On hand"),
        _("Reserved"),
        _("Available"),
    ]
    if prices:
        headers += [_("Average cost"), _("Stock value")]
    return headers


def stock_rows(rows: QuerySet[StockBalance], *, prices: bool, tally: Tally) -> Iterator[list[Any]]:
    for balance in rows.iterator(chunk_size=CHUNK):
        tally.rows += 1
        row: list[Any] = [
            balance.item.code,
            balance.item.name,
            balance.item.specification,
            balance.item.unit,
            balance.item.category.name,
            balance.location.warehouse.name,
            balance.location.code,
            float(balance.on_hand),
            float(balance.reserved),
            float(balance.available),
        ]
        if prices:
            row += [round(float(balance.average_cost), 4), round(float(balance.value), 2)]
        yield row


def stock_download(
    *, actor: Employee, rows: QuerySet[StockBalance], prices: bool, filters: Mapping[str, Any]
) -> FileResponse:
    """The stock list (``inventory.selectors.stock_list``) as a workbook; with prices (stock
    values) the download is audited."""
    tally = Tally()
    file = write_workbook(
        str(_("Stock")), stock_headers(prices=prices), stock_rows(rows, prices=prices, tally=tally)
    )
    if prices:
        plain = {key: str(value) for key, value in filters.items()}
        record_export(actor=actor, what="inventory.stockbalance", count=tally.rows, filters=plain)
    return xlsx_file_response(f"stock-{timezone.localdate():%Y%m%d}.xlsx", file)
