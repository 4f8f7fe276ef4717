"""Exports are safe to open and refused exports leave a trace.

- Text that looks like a formula (``=``, ``+``, ``-``, ``@``) is written as text: an item named
  ``=HYPERLINK(…)`` is never a live link in the downloaded workbook.
- An export of protected data that the permission check refuses is audited (ORG-4): who asked,
  for what, and which permission they lack; the page without its file is refused as before,
  with nothing recorded.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from yunying.core.models import AuditEvent, Department, Employee, Position
from yunying.core.services import employees, org
from yunying.masterdata.models import ItemCategory
from yunying.masterdata.services import records

pytestmark = pytest.mark.django_db

FORMULAS = {
    "code": "+SUM(1,2)",
    "name": '=HYPERLINK("http://x","y")',
    "specification": "-2+3",
    "unit": "@SUM(A1)",
}


def test_text_that_looks_like_a_formula_is_exported_as_text(web, people) -> None:
    records.create_item(
        actor=people("admin"), category=ItemCategory.objects.order_by("pk").first(), **FORMULAS
    )
    response = web("admin").get("/masterdata/items/?q=SUM&format=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    cells = {cell.value: cell for cell in rows[0]}
    for text in FORMULAS.values():
        assert text in cells, text
        assert cells[text].data_type == "s", (text, cells[text].data_type)
        assert cells[text].hyperlink is None
    # Nowhere in the file is there a formula.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def _refusals(what: str) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(action="core.export_refused", object_type=what)
    return list(events.order_by("pk"))


@pytest.mark.clause("ORG-4")
@pytest.mark.parametrize(
    "username,url,what,permission",
    [
        (
            "mkt_lead",
            "/masterdata/suppliers/?q=S0&format=xlsx",
            "masterdata.supplier",
            "masterdata.view_supplier",
        ),
        (
            "ops_specialist",
            "/masterdata/customers/?format=xlsx",
            "masterdata.customer",
            "masterdata.view_customer",
        ),
        (
            "prod_manager",
            "/inventory/stock/?format=xlsx",
            "inventory.stockbalance",
            "inventory.view_stock",
        ),
        (
            "ops_specialist",
            "/sales/statistics/?export=month",
            "sales.statistics",
            "sales.view_statistics",
        ),
        ("prod_manager", "/sales/orders/?format=xlsx", "sales.salesorder", "sales.manage_order"),
    ],
)
def test_a_refused_export_is_audited(
    web, people, username: str, url: str, what: str, permission: str
) -> None:
    client = web(username)
    assert client.get(url.split("?")[0]).status_code == 403  # the page alone: nothing recorded
    assert _refusals(what) == []
    assert client.get(url).status_code == 403
    [event] = _refusals(what)
    assert event.actor == people(username) and event.clause == "ORG-4"
    assert event.changes["reason"] == "permission_denied"
    assert permission in event.changes["permission"]
    assert "format" in event.changes["filters"] or "export" in event.changes["filters"]


@pytest.mark.clause("ORG-4")
def test_a_refused_api_export_is_audited(api, people) -> None:
    position = org.create_position(
        department=Department.objects.get(code="HR"), code="intern", name="实习生", actor=None
    )
    intern = employees.create_employee(
        username="intern",
        password="test-pass-1",
        name="实习生甲",
        employee_no="E9901",
        department=position.department,
        positions=[Position.objects.get(pk=position.pk)],
        actor=None,
    )
    assert isinstance(intern, Employee)
    response = api("intern").get("/api/v1/employees/export/")
    assert response.status_code == 403
    [event] = _refusals("core.employee")
    assert event.actor == intern and event.changes["permission"] == "core.view_employee"
    assert api("hr_manager").get("/api/v1/employees/export/").status_code == 200
    assert len(_refusals("core.employee")) == 1
