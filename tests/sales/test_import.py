"""The Excel import of sales orders: the template, rows grouped into draft orders, and the all or
nothing rule — a bad row imports nothing and the error names its row and column."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.stock import person
from yunying.sales.models import SalesOrder
from yunying.sales.services import imports

from .helpers import english

pytestmark = pytest.mark.django_db

URL = "/sales/orders/import/"
HEADER = [
    "Customer code",
    "Promised delivery date",
    "Customer's order number",
    "Item code",
    "Quantity",
    "Unit price",
    "Backorder allowed",
]
# The columns are also known by their keys (and by their labels in every language of the site).
KEYS = [
    "customer",
    "promised_date",
    "customer_reference",
    "item",
    "quantity",
    "unit_price",
    "allow_backorder",
]


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "orders.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def promised(days: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_template_has_the_columns_and_an_example_order(web) -> None:
    response = english(web("ops_specialist")).get("/sales/orders/import/template.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert list(rows[0]) == HEADER
    assert len(rows) == 3 and rows[1][0] == "C001" and rows[1][2] == rows[2][2]
    page = english(web("ops_specialist")).get(URL).content.decode()
    assert "Download the template" in page and "<strong>Customer code</strong>" in page


def test_rows_with_the_same_customer_and_reference_make_one_draft_order(web) -> None:
    rows = [
        HEADER,
        ["C001", promised(), "PO-1", "PV-M550", 100, None, "no"],
        ["C001", promised(), "PO-1", "INV-S10", 2, 4000, "yes"],
        ["C002", promised(12).isoformat(), "PO-1", "MC4-P", "1,000", 6, None],
        ["C001", promised(), "PO-2", "JB-IP68", 50, 45, "否"],
    ]
    response = english(web("ops_specialist")).post(URL, {"file": xlsx(rows)}, follow=True)
    assert response.redirect_chain[-1][0] == "/sales/orders/?state=draft"
    orders = {(o.customer.code, o.customer_reference): o for o in SalesOrder.objects.all()}
    assert set(orders) == {("C001", "PO-1"), ("C002", "PO-1"), ("C001", "PO-2")}
    first = orders[("C001", "PO-1")]
    assert first.state == "draft" and first.created_by == person("ops_specialist")
    lines = {line.item.code: line for line in first.lines.select_related("item")}
    assert lines["PV-M550"].unit_price == 780  # the list price
    assert lines["INV-S10"].allow_backorder and not lines["PV-M550"].allow_backorder
    assert first.amount == Decimal("86000.00") and first.promised_date == promised()
    assert orders[("C002", "PO-1")].lines.get().quantity == 1000
    page = response.content.decode()
    assert "3 draft orders imported" in page and first.number in page


def test_a_bad_row_imports_nothing_and_names_the_row_and_the_column(web) -> None:
    rows = [
        HEADER,
        ["C001", promised(), "PO-1", "PV-M550", 100, 780, "no"],
        ["C001", promised(), "PO-1", "NO-SUCH", 2, 4000, "no"],
        ["C002", "next week", "PO-9", "MC4-P", "many", 6, "maybe"],
    ]
    response = english(web("ops_specialist")).post(URL, {"file": xlsx(rows)})
    assert response.status_code == 200 and SalesOrder.objects.count() == 0
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert (3, "Item code") in errors
    assert (4, "Promised delivery date") in errors
    assert (4, "Quantity") in errors
    assert (4, "Backorder allowed") in errors
    page = response.content.decode()
    assert 'id="import-errors"' in page and 'data-row="3"' in page
    assert "No item has the code “NO-SUCH”." in page


def test_a_line_the_order_service_refuses_is_found_and_nothing_is_imported(people) -> None:
    rows = [
        KEYS,
        ["C001", promised(), "PO-1", "PV-M550", 10, 780, "否"],
        ["C003", promised(), "PO-5", "PV-M550", 10, 780, "否"],
        ["C003", promised(), "PO-5", "MC4-P", 10, 0, "否"],  # no price: SALES-1
    ]
    result = imports.import_orders(xlsx(rows), actor=people("ops_specialist"))
    assert not result.ok and SalesOrder.objects.count() == 0
    [error] = result.errors
    assert error.row == 4 and "SALES-1" in error.message


def test_the_rows_of_one_order_share_the_promised_date_and_the_past_is_refused(people) -> None:
    rows = [
        HEADER,
        ["C001", promised(), "PO-1", "PV-M550", 10, 780, None],
        ["C001", promised(20), "PO-1", "MC4-P", 10, 6, None],
        ["C002", promised(-3), "", "MC4-P", 10, 6, None],
    ]
    result = imports.import_orders(xlsx(rows), actor=people("ops_specialist"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Promised delivery date")]
    fixed = [rows[0], rows[1], rows[3]]
    result = imports.import_orders(xlsx(fixed), actor=people("ops_specialist"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Promised delivery date")]
    assert "past" in result.errors[0].message and SalesOrder.objects.count() == 0


def test_missing_columns_unknown_customers_and_files_that_are_not_workbooks(web, people) -> None:
    result = imports.import_orders(
        xlsx([["Customer code", "Item code"], ["C001", "PV-M550"]]), actor=people("ops_specialist")
    )
    assert {e.column for e in result.errors} == {
        "Promised delivery date",
        "Quantity",
    } and all(e.row == 1 for e in result.errors)
    result = imports.import_orders(
        xlsx([HEADER, ["C999", promised(), "", "PV-M550", 1, 1, None]]),
        actor=people("ops_specialist"),
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Customer code")]
    response = english(web("ops_specialist")).post(
        URL, {"file": SimpleUploadedFile("orders.xlsx", b"not a workbook")}
    )
    assert "not an Excel workbook" in response.content.decode()
    assert web("accountant").post(URL, {"file": xlsx([HEADER])}).status_code == 403
