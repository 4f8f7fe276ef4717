"""The workbook to fill in for an import: the header row, a note on each column (required or
optional, and what to write) and one example row."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from yunying.core.models import Employee

from ...models import Customer
from .registry import columns_for, sheet_for
from .sheets import Column

TEXT = "@"  # Excel's number format "Text"


def template(kind: str, *, actor: Employee | None) -> bytes:
    """The workbook to fill in: the header row (with a note on each column) and one example."""
    sheet = sheet_for(kind)
    columns = columns_for(actor, kind)
    workbook = Workbook()
    worksheet = workbook.worksheets[0]
    worksheet.title = str(sheet.title)[:31]
    worksheet.append([str(c.label) for c in columns])
    worksheet.append([_example(c) for c in columns])
    _text_columns(worksheet, columns)
    required = PatternFill("solid", fgColor="E3F4EC")
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        note = str(_("Required.")) if column.required else str(_("Optional."))
        if column.hint:
            note = f"{note} {column.hint}"
        cell.comment = Comment(note, str(_("Yunying")))
        if column.required:
            cell.fill = required
        width = max(len(str(column.label)) * 2, len(str(column.example))) + 4
        worksheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_columns(worksheet: Any, columns: tuple[Column, ...]) -> None:
    """Format the columns of codes and phone numbers as text ("@"), the example included: what
    is typed into them stays as written, "007" included."""
    for index, column in enumerate(columns, start=1):
        if not column.text:
            continue
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].number_format = TEXT
        example = worksheet.cell(row=2, column=index)
        example.number_format = TEXT
        if example.value is not None:
            example.value = str(example.value)


def _example(column: Column) -> Any:
    if column.key == "active":
        return str(_("yes"))
    if column.key == "kind" and not translation.get_language().startswith("zh"):
        return Customer.Kind.DIRECT.value
    return column.example
