"""The workbook of the sales order import (SALES-1): its columns, the template to fill in, and
reading its rows and cells. A header is recognised in any of the languages offered; a cell that
cannot be read is an error on its row and column, never an exception."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from yunying.core import excel
from yunying.masterdata.services.imports import Column, RowError

MAX_ROWS = 5000
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

COLUMNS: tuple[Column, ...] = (
    Column(
        "customer",
        gettext_lazy("Customer code"),
        True,
        "C001",
        gettext_lazy("the code of a customer you enter orders for"),
    ),
    Column(
        "promised_date",
        gettext_lazy("Promised delivery date"),
        True,
        "",
        gettext_lazy("a date such as 2025-06-30; the same on every row of an order"),
    ),
    Column(
        "customer_reference",
        gettext_lazy("Customer's order number"),
        False,
        "PO-2025-001",
        gettext_lazy("rows with the same customer code and order number form one order"),
    ),
    Column("item", gettext_lazy("Item code"), True, "PV-M550"),
    Column(
        "quantity", gettext_lazy("Quantity"), True, 100, gettext_lazy("a number greater than zero")
    ),
    Column(
        "unit_price",
        gettext_lazy("Unit price"),
        False,
        780,
        gettext_lazy("empty: the item's list price"),
    ),
    Column(
        "allow_backorder",
        gettext_lazy("Backorder allowed"),
        False,
        "",
        gettext_lazy("yes or no; empty means no"),
    ),
)


def column_label(key: str | None) -> str:
    column = next((c for c in COLUMNS if c.key == key), None)
    return str(column.label) if column else ""


def template() -> bytes:
    """The workbook to fill in: the header (a note on each column) and two example rows that
    make one order."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = str(_("Sales orders"))[:31]
    sheet.append([str(c.label) for c in COLUMNS])
    promised = timezone.localdate() + datetime.timedelta(days=14)
    yes, no = str(_("yes")), str(_("no"))
    sheet.append(["C001", promised, "PO-2025-001", "PV-M550", 100, 780, no])
    sheet.append(["C001", promised, "PO-2025-001", "INV-S10", 2, "", yes])
    required = PatternFill("solid", fgColor="E3F4EC")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        note = str(_("Required.")) if column.required else str(_("Optional."))
        if column.hint:
            note = f"{note} {column.hint}"
        cell.comment = Comment(note, str(_("Yunying")))
        if column.required:
            cell.fill = required
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(len(str(column.label)) * 2, 12) + 4, 40
        )
    for row in (2, 3):
        sheet.cell(row=row, column=2).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- reading


def _norm(value: Any) -> str:
    return " ".join(str(value).replace("*", "").replace("＊", "").split()).casefold()


def _variants(text: Promise | str) -> set[str]:
    names = {_norm(str(text))}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_norm(str(text)))
    return names


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    errors: list[RowError]

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, column_label(key), message))

    def raw(self, key: str) -> Any:
        value = self.values.get(key)
        if _blank(value):
            if any(c.key == key and c.required for c in COLUMNS):
                self.error(key, _("This field is required."))
            return None
        return value.strip() if isinstance(value, str) else value

    def text(self, key: str, limit: int = 60) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > limit:
            self.error(key, _("At most %(n)s characters.") % {"n": limit})
        return text

    def date(self, key: str) -> datetime.date | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            result: datetime.date = forms.DateField(input_formats=DATE_FORMATS).clean(str(value))
        except ValidationError:
            self.error(key, _("Enter a date such as 2025-06-30."))
            return None
        return result

    def decimal(self, key: str, *, places: int) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(key, _("Enter a number."))
            return None
        if isinstance(value, float):  # a computed cell: round to the places kept
            value = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        elif isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace(" ", "")
        try:
            number: Decimal = forms.DecimalField(
                max_digits=18, decimal_places=places, min_value=0
            ).clean(value)
        except ValidationError as problem:
            self.error(key, problem.messages[0])
            return None
        return number

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        text = _norm(int(value) if isinstance(value, float) else value)
        if text in _yes():
            return True
        if text in _no():
            return False
        self.error(key, _("Enter yes or no."))
        return False


def _yes() -> set[str]:
    return {"1", "y", "yes", "true", "是", "√", "允许"} | _variants(gettext_lazy("yes"))


def _no() -> set[str]:
    return {"0", "n", "no", "false", "否", "×", "不允许"} | _variants(gettext_lazy("no"))


def read_rows(file: IO[bytes] | str, errors: list[RowError]) -> list[Row]:
    """The rows below the header; a file beyond the limits of ``core.excel.read_sheet`` (its
    size, what it unpacks to, ``MAX_ROWS`` rows, empty ones included, the time to read it) or a
    damaged one is refused with a ``ValidationFailed`` on ``file``."""
    rows = excel.read_sheet(file, max_rows=MAX_ROWS)
    try:
        _number, header = next(rows, (1, ()))
        if all(_blank(v) for v in header):
            errors.append(RowError(1, "", _("The header row is missing.")))
            return []
        positions = _positions(header, errors)
        if errors:
            return []
        result: list[Row] = []
        for number, values in rows:
            if all(_blank(v) for v in values):
                continue
            cells = {k: values[i] if i < len(values) else None for k, i in positions.items()}
            result.append(Row(number, cells, errors))
        if not result:
            errors.append(RowError(None, "", _("The file has no rows below the header.")))
        return result
    finally:
        rows.close()


def _positions(header: Sequence[Any], errors: list[RowError]) -> dict[str, int]:
    names = {c.key: _variants(c.label) | {_norm(c.key)} for c in COLUMNS}
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        if _blank(value):
            continue
        text = _norm(value)
        for key, variants in names.items():
            if text in variants:
                if key in positions:
                    errors.append(RowError(1, str(value), _("This column appears more than once.")))
                positions[key] = index
                break
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(RowError(1, str(column.label), _("The column is missing.")))
    return positions
