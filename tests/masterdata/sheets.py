"""Building Excel uploads in memory for the import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: Sequence[Sequence[Any]], name: str = "import.xlsx") -> SimpleUploadedFile:
    """An uploaded .xlsx whose first sheet holds ``rows`` (the first one is the header)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def rows_of(content: bytes) -> list[list[Any]]:
    """The rows of the first sheet of a downloaded workbook."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


ITEM_HEADER = [
    "Item code",
    "Name",
    "Specification",
    "Unit",
    "Category code",
    "Safety stock",
    "Reorder quantity",
    "Lead time (days)",
    "Default supplier code",
    "Standard cost",
    "List price",
    "Planner (username)",
    "Active",
]
SUPPLIER_HEADER = [
    "Supplier code",
    "Name",
    "Contact person",
    "Phone",
    "Email",
    "Address",
    "Payment terms (days)",
    "Responsible department code",
    "Responsible person (username)",
]
CUSTOMER_HEADER = [
    "Customer code",
    "Name",
    "Type",
    "Region code",
    "Credit limit",
    "Payment terms (days)",
    "Contact person",
    "Phone",
    "Email",
    "Address",
    "Responsible department code",
    "Responsible person (username)",
]
OPENING_HEADER = ["Item code", "Warehouse code", "Location code", "Quantity", "Unit cost"]
