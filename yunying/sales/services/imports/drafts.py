"""Draft orders from the rows of the sales order import (SALES-1): rows with the same customer
code and customer's order number form one order, each order is created through
:func:`yunying.sales.services.orders.create_order`, and a refused order is reported on the row
and column it fails on; one refusal rolls back every order of the file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from yunying.core import access, tx
from yunying.core.errors import DomainError
from yunying.core.models import Employee
from yunying.masterdata.models import Customer, Item
from yunying.masterdata.services.imports import RowError

from ...models import SalesOrder
from ...selectors.orders import customers_for_orders, quotes_list_prices
from .. import orders
from .sheet import Row, column_label, read_rows

MANAGE = "sales.manage_order"
# Where a service error about a field is shown.
FIELD_COLUMNS = {
    "customer": "customer",
    "promised_date": "promised_date",
    "lines": "item",
    "item": "item",
    "quantity": "quantity",
    "unit_price": "unit_price",
}
LINE_FIELDS = {"item", "quantity", "unit_price"}


@dataclass
class OrderImportResult:
    orders: list[SalesOrder] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _describe(error: DomainError) -> str:
    return f"{error} [{error.clause}]" if error.clause else str(error)


@dataclass
class _Line:
    row: int
    line: orders.OrderLine


@dataclass
class _Order:
    row: int  # the first row of the order
    customer: Customer
    reference: str
    promised_date: datetime.date
    lines: list[_Line] = field(default_factory=list)


@dataclass(frozen=True)
class _Known:
    """The customers (those the person enters orders for) and items the rows name, by code,
    and whether an empty price is the item's list price."""

    customers: dict[str, Customer]
    items: dict[str, Item]
    list_prices: bool

    @classmethod
    def of(cls, rows: list[Row], actor: Employee) -> _Known:
        codes = {str(r.values.get("customer") or "").strip() for r in rows}
        customers = {c.code: c for c in customers_for_orders(actor).filter(code__in=codes - {""})}
        item_codes = {str(r.values.get("item") or "").strip() for r in rows}
        items = {i.code: i for i in Item.objects.filter(code__in=item_codes - {""})}
        list_prices = quotes_list_prices(actor)
        return cls(customers, items, list_prices)


@dataclass(frozen=True)
class _RowLine:
    """One row read and checked: the order it belongs to and its line."""

    code: str
    reference: str
    customer: Customer
    promised_date: datetime.date
    line: orders.OrderLine


def _row_line(row: Row, known: _Known) -> _RowLine | None:
    """The row's order and line; ``None`` when a cell is wrong (the error is on the row)."""
    code = row.text("customer", 30)
    reference = row.text("customer_reference", 60)
    promised = row.date("promised_date")
    item_code = row.text("item", 40)
    quantity = row.decimal("quantity", places=3)
    price = row.decimal("unit_price", places=4)
    backorder = row.boolean("allow_backorder")
    customer = known.customers.get(code) if code else None
    if code and customer is None:
        row.error(
            "customer",
            _("You enter no orders for a customer with the code “%(code)s”.") % {"code": code},
        )
    item = known.items.get(item_code) if item_code else None
    if item_code and item is None:
        row.error("item", _("No item has the code “%(code)s”.") % {"code": item_code})
    if quantity is not None and quantity <= 0:
        row.error("quantity", _("Enter a number greater than zero."))
        quantity = None
    if price is None and item is not None:
        if known.list_prices:
            price = item.sales_price
        else:
            row.error("unit_price", _("Give the price."))
    if customer is None or item is None or quantity is None or price is None:
        return None
    if promised is None:
        return None
    line = orders.OrderLine(item, quantity, price, backorder)
    return _RowLine(code, reference, customer, promised, line)


def _group(rows: list[Row], known: _Known) -> list[_Order]:
    """The orders the rows form, in the order of their first rows; a row promising another date
    than the first row of its order is an error."""
    groups: dict[tuple[str, str], _Order] = {}
    for row in rows:
        read = _row_line(row, known)
        if read is None:
            continue
        group = groups.get((read.code, read.reference))
        if group is None:
            group = groups[(read.code, read.reference)] = _Order(
                row.number, read.customer, read.reference, read.promised_date
            )
        elif read.promised_date != group.promised_date:
            row.error(
                "promised_date",
                _("Row %(row)s of the same order promises %(date)s; one order has one date.")
                % {"row": group.row, "date": group.promised_date.isoformat()},
            )
            continue
        group.lines.append(_Line(row.number, read.line))
    return list(groups.values())


def import_orders(file: IO[bytes] | str, *, actor: Employee) -> OrderImportResult:
    """Draft orders from the workbook, all or none (SALES-1)."""
    access.require(actor, MANAGE)
    errors: list[RowError] = []
    rows = read_rows(file, errors)
    if errors:
        return OrderImportResult(errors=errors)
    groups = _group(rows, _Known.of(rows, actor))
    if errors:
        return OrderImportResult(errors=errors)
    return _write(groups, actor)


def _create(group: _Order, lines: list[orders.OrderLine], actor: Employee) -> SalesOrder:
    return orders.create_order(
        customer=group.customer,
        promised_date=group.promised_date,
        customer_reference=group.reference,
        lines=lines,
        actor=actor,
    )


def _failing_row(group: _Order, actor: Employee) -> int:
    """The row of the line a refused order fails on: each line is tried alone (and undone)."""
    for line in group.lines:
        try:
            with tx.atomic(savepoint=True):
                _create(group, [line.line], actor)
                transaction.set_rollback(True)
        except DomainError:
            return line.row
    return group.row


def _write(groups: list[_Order], actor: Employee) -> OrderImportResult:
    result = OrderImportResult()
    with tx.atomic():
        for group in groups:
            try:
                with tx.atomic(savepoint=True):
                    result.orders.append(_create(group, [ln.line for ln in group.lines], actor))
            except DomainError as error:
                row = group.row
                if error.field in LINE_FIELDS and len(group.lines) > 1:
                    row = _failing_row(group, actor)
                column = column_label(FIELD_COLUMNS.get(error.field or ""))
                result.errors.append(RowError(row, column, _describe(error)))
        if result.errors:
            transaction.set_rollback(True)
            return OrderImportResult(errors=result.errors)
    return result
