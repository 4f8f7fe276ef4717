"""Excel downloads of long sales lists (``core.excel``): the order list, one row per order
line, in constant memory. The rows come from one query read in chunks, no query per order.

Orders carry customers and prices (ORG-4): the download is audited through
``core.services.org.record_export`` with the number of orders it held.

A list of more lines than ``YUNYING_EXPORT_INLINE_ROWS`` is not written during the request: it
becomes a background export job (``core.jobs``, kind :data:`ORDERS_EXPORT`, registered in
``apps.py``), which :func:`orders_export_job` writes with the requester's permissions and scope
as they are when it runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import FloatField, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.errors import NotAllowed
from yunying.core.excel import write_workbook, xlsx_file_response
from yunying.core.models import Employee, ExportJob
from yunying.core.params import as_id
from yunying.core.services import export_jobs
from yunying.core.services.org import record_export
from yunying.masterdata import selectors as masterdata

from .models import SalesOrder, SalesOrderLine
from .selectors.orders import search_orders
from .selectors.scope import ORDER_READERS, holds_any, orders_visible_to

CHUNK = 2000  # rows fetched from the database at a time
ORDERS_EXPORT = "sales.orders"  # the background export job of the order list
# The order list's filters, as its page and the export job take them.
ORDER_FILTERS = ("q", "state", "customer", "region", "start", "end")
# The order list's order, then each order's lines in the order they were entered.
ORDER = ("-order_date", "-id", "lines__id")
FIELDS: tuple[str | Combinable, ...] = (
    "id",
    "number",
    "order_date",
    "customer__code",
    "customer__name",
    "region__name",
    "customer_reference",
    "promised_date",
    "state",
    "lines__item__code",
    "lines__item__name",
    "lines__item__unit",
    # Numbers as Excel holds them (binary floating point): no Decimal per cell on the way.
    *(
        Cast(f"lines__{name}", FloatField())
        for name in ("quantity", "unit_price", "amount", "shipped_quantity", "delivered_quantity")
    ),
    "created_by__name",
)


def _number(value: float | None) -> int | float | str:
    """A whole number without its ".0"."""
    if value is None:
        return ""
    return int(value) if value.is_integer() else value


def order_headers() -> list[str]:
    return [
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


@dataclass
class Tally:
    orders: int = 0
    lines: int = 0


def order_rows(
    orders: QuerySet[SalesOrder], states: Mapping[str, str], tally: Tally
) -> Iterator[list[Any]]:
    """One row per order line of ``orders``; ``tally`` counts the orders read so far."""
    rows = orders.order_by(*ORDER).values_list(*FIELDS).iterator(chunk_size=CHUNK)
    previous = None
    for pk, *head, state, code, name, unit, qty, price, amount, shipped, delivered, by in rows:
        if pk != previous:
            tally.orders += 1
            previous = pk
        if code is None:  # an order without lines has no row
            continue
        tally.lines += 1
        yield [
            *head,
            states.get(state, state),
            code,
            name,
            unit,
            _number(qty),
            _number(price),
            _number(amount),
            _number(shipped),
            _number(delivered),
            by,
        ]


def orders_download(
    *, actor: Employee, orders: QuerySet[SalesOrder], filters: Mapping[str, object], filename: str
) -> FileResponse:
    """The given (already scoped) orders as a workbook; audited."""
    if not holds_any(actor, ORDER_READERS):
        raise NotAllowed(_("You may not see sales orders."))
    states = {value: str(label) for value, label in SalesOrder.State.choices}
    tally = Tally()
    file = write_workbook(
        str(_("Sales orders")), order_headers(), order_rows(orders, states, tally)
    )
    record_export(actor=actor, what="sales.salesorder", count=tally.orders, filters=dict(filters))
    return xlsx_file_response(filename, file)


def export_orders(
    *, actor: Employee, orders: QuerySet[SalesOrder], filters: Mapping[str, object], filename: str
) -> FileResponse | ExportJob:
    """The order-line export: written while it is sent, or, beyond
    ``YUNYING_EXPORT_INLINE_ROWS`` lines, a background export job the requester is told about."""
    if line_count(orders) > export_jobs.inline_rows():
        return export_jobs.request_export(kind=ORDERS_EXPORT, parameters=filters, actor=actor)
    return orders_download(actor=actor, orders=orders, filters=filters, filename=filename)


def line_count(orders: QuerySet[SalesOrder]) -> int:
    """The rows the download of ``orders`` would hold (one COUNT query)."""
    return SalesOrderLine.objects.filter(order__in=orders.values("pk")).count()


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def filtered_orders(actor: Employee, filters: Mapping[str, Any]) -> QuerySet[SalesOrder]:
    """The orders ``actor`` may see (ORG-4), filtered as the order list filters them."""
    region_id = as_id(filters.get("region"))
    return search_orders(
        orders_visible_to(actor),
        search=str(filters.get("q") or ""),
        state=str(filters.get("state") or ""),
        customer=as_id(filters.get("customer")),
        region=masterdata.regions().filter(pk=region_id).first() if region_id else None,
        start=_date(filters.get("start")),
        end=_date(filters.get("end")),
    )


def orders_export_job(filters: Mapping[str, Any], actor: Employee) -> tuple[int, IO[bytes], str]:
    """The background export of the order list (``core.jobs``): the orders ``actor`` may see
    now, filtered by ``filters``; answers the lines written, the file and its name. The job
    records the export in the audit trail."""
    if not holds_any(actor, ORDER_READERS):
        raise NotAllowed(_("You may not see sales orders."))
    states = {value: str(label) for value, label in SalesOrder.State.choices}
    tally = Tally()
    file = write_workbook(
        str(_("Sales orders")),
        order_headers(),
        order_rows(filtered_orders(actor, filters), states, tally),
    )
    return tally.lines, file, f"sales-orders-{timezone.localdate():%Y%m%d}.xlsx"
