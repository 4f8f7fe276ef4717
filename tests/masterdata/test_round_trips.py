"""Excel round trips and finding master data through the API: an exported list imported again
changes nothing; codes stay text ("007"); imports through the API are all or nothing with the
errors of the page; those who enter orders read the customers and items they need (ORG-4)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from yunying.core.models import AuditEvent, Department
from yunying.masterdata.models import Customer, Item, Region, Supplier
from yunying.masterdata.services import customers

from ..stock import item, put_stock
from .sheets import CUSTOMER_HEADER, OPENING_HEADER, XLSX, rows_of, xlsx

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "list.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _import(client: Any, kind: str, file: SimpleUploadedFile) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(f"/api/v1/imports/{kind}/", {"file": file}, format="multipart")


def _snapshot(model: Any) -> list[dict[str, Any]]:
    return list(model.objects.order_by("pk").values())


@pytest.mark.parametrize(
    "kind,page,model",
    [
        ("items", "/masterdata/items/", Item),
        ("suppliers", "/masterdata/suppliers/", Supplier),
        ("customers", "/masterdata/customers/", Customer),
    ],
)
def test_an_exported_list_imported_again_changes_nothing(web, api, kind, page, model) -> None:
    exported = web("admin").get(f"{page}?format=xlsx")
    assert exported.status_code == 200
    before, events = _snapshot(model), AuditEvent.objects.count()
    response = _import(api("admin"), kind, _upload(exported.content))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["created"], body["updated"]) == (0, 0)
    assert body["unchanged"] == model.objects.count() > 0
    assert "unchanged" in body["message"]
    assert _snapshot(model) == before
    assert AuditEvent.objects.count() == events  # nothing written, nothing to audit


def test_exports_use_the_import_headers_and_codes(web) -> None:
    client = web("admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = rows_of(client.get("/masterdata/customers/?q=C001&format=xlsx").content)
    assert rows[0] == [*CUSTOMER_HEADER, "Active"]
    c001 = Customer.objects.select_related("region", "department").get(code="C001")
    assert rows[1][3] == c001.region.code and rows[1][10] == c001.department.code
    items = rows_of(client.get("/masterdata/items/?q=PV-M550&format=xlsx").content)
    assert items[1][4] == "MOD" and items[1][8] == "S001"


def test_a_code_typed_as_text_keeps_its_leading_zeros(web, api) -> None:
    admin = api("admin")
    template = admin.get("/api/v1/imports/customers/template/")
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    # Codes and phone numbers are text columns: what is typed stays as written.
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["H"].number_format == "@"
    sheet["A2"] = "007"
    sheet["H2"] = "00861234"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(admin, "customers", _upload(buffer.getvalue()))
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1
    customer = Customer.objects.get(code="007")
    assert customer.phone == "00861234"
    exported = web("admin").get("/masterdata/customers/?q=007&format=xlsx").content
    sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
    assert sheet["A2"].value == "007" and sheet["A2"].number_format == "@"
    assert sheet["H2"].value == "00861234"
    again = _import(admin, "customers", _upload(exported)).json()
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == len(rows_of(exported)) - 1


def test_a_code_held_as_a_number_is_read_as_text(api) -> None:
    rows = [[*CUSTOMER_HEADER], [7, "数字编码客户", "", "SH", "", "", "", "", "", "", "OPS", ""]]
    response = _import(api("admin"), "customers", xlsx(rows))
    assert response.status_code == 200, response.json()
    assert Customer.objects.filter(code="7").exists()


def test_an_api_import_creates_rows(api) -> None:
    rows = [
        CUSTOMER_HEADER,
        ["C901", "接口导入客户一", "direct", "SH", 1000, 30, "", "", "", "", "OPS", ""],
        ["C902", "接口导入客户二", "经销商", "JS", "", "", "", "", "", "", "OPS", ""],
    ]
    response = _import(api("admin"), "customers", xlsx(rows))
    assert response.status_code == 200
    assert response.json()["created"] == 2 and response.json()["updated"] == 0
    assert Customer.objects.get(code="C902").kind == Customer.Kind.DISTRIBUTOR


def test_a_bad_row_answers_400_with_its_row_and_column_and_changes_nothing(api) -> None:
    rows = [
        CUSTOMER_HEADER,
        ["C911", "好的客户", "direct", "SH", "", "", "", "", "", "", "OPS", ""],
        ["C912", "坏的客户", "direct", "NOWHERE", "", "", "", "", "", "", "OPS", ""],
    ]
    count = Customer.objects.count()
    response = _import(api("admin"), "customers", xlsx(rows))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {"row": 3, "column": "Region code", "message": "No region has the code “NOWHERE”."}
    ]
    assert Customer.objects.count() == count


def test_an_api_import_checks_the_permission_and_the_kind(api) -> None:
    rows = [CUSTOMER_HEADER, ["C921", "客户", "direct", "SH", "", "", "", "", "", "", "OPS", ""]]
    assert _import(api("ops_specialist"), "customers", xlsx(rows)).status_code == 403
    assert _import(api("admin"), "nothing", xlsx(rows)).status_code == 404
    missing = api("admin").post("/api/v1/imports/customers/", {}, format="multipart")
    assert missing.status_code == 400 and missing.json()["field"] == "file"
    not_xlsx = _import(api("admin"), "customers", _upload(b"code,name\n", "list.csv"))
    assert not_xlsx.status_code == 400
    assert not Customer.objects.filter(code="C921").exists()
    assert api("ops_specialist").get("/api/v1/imports/items/template/").status_code == 403


@pytest.mark.clause("ORG-4")
@pytest.mark.parametrize("username", ["ops_supervisor", "ops_specialist"])
def test_those_who_enter_orders_find_customers_and_items(api, username) -> None:
    client = api(username)
    found = client.get("/api/v1/customers/?search=C001")
    assert found.status_code == 200
    [customer] = found.json()["results"]
    assert customer["code"] == "C001"
    assert client.get(f"/api/v1/customers/{customer['id']}/").status_code == 200
    [pv] = client.get("/api/v1/items/?search=PV-M550").json()["results"]
    assert pv["code"] == "PV-M550"


@pytest.mark.clause("ORG-4")
def test_prices_stay_hidden_without_the_price_permission(api) -> None:
    [hidden] = api("ops_specialist").get("/api/v1/items/?search=PV-M550").json()["results"]
    assert hidden["sales_price"] is None and hidden["standard_cost"] is None
    [shown] = api("ops_supervisor").get("/api/v1/items/?search=PV-M550").json()["results"]
    assert shown["sales_price"] == "780.0000"


@pytest.mark.clause("ORG-4")
def test_reading_follows_the_scope_of_order_entry(api, people) -> None:
    lead = api("biz_lead")  # enters orders for their own customers
    assert lead.get("/api/v1/customers/").json()["count"] == 0
    own = customers.create_customer(
        code="C931",
        name="运营组长的客户",
        region=Region.objects.get(code="SH"),
        department=Department.objects.get(code="OPS"),
        owner=people("biz_lead"),
        actor=None,
    )
    assert [c["code"] for c in lead.get("/api/v1/customers/").json()["results"]] == ["C931"]
    c001 = Customer.objects.get(code="C001")
    assert lead.get(f"/api/v1/customers/{c001.pk}/").status_code == 404
    assert lead.get(f"/api/v1/customers/{own.pk}/").status_code == 200
    # Nobody else reads them: neither through the list nor as an export.
    assert api("hr_specialist").get("/api/v1/customers/").status_code == 403


@pytest.mark.clause("ORG-4")
def test_buyers_find_suppliers_and_the_warehouse_items(api) -> None:
    suppliers = api("buyer").get("/api/v1/suppliers/").json()
    assert {s["code"] for s in suppliers["results"]} >= {"S001", "S002"}
    assert api("warehouse_keeper").get("/api/v1/items/").json()["count"] > 0
    assert api("warehouse_keeper").get("/api/v1/suppliers/").status_code == 403


def test_the_balances_filter_by_item(api) -> None:
    put_stock("PV-M550", 100, cost=620)
    put_stock("INV-S10", 5, cost=3200)
    client = api("logistics_clerk")
    assert client.get("/api/v1/inventory/balances/").json()["count"] == 2
    rows = client.get(f"/api/v1/inventory/balances/?item={item('INV-S10').pk}").json()
    assert [r["item_code"] for r in rows["results"]] == ["INV-S10"]


def test_a_changed_row_of_an_export_is_the_only_update(web, api) -> None:
    exported = web("admin").get("/masterdata/suppliers/?format=xlsx").content
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == "S001"
    sheet["C2"] = "新联系人"
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = _import(api("admin"), "suppliers", _upload(buffer.getvalue())).json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 4)
    assert Supplier.objects.get(code="S001").contact_person == "新联系人"


def test_opening_stock_imports_through_the_api(api) -> None:
    rows = [OPENING_HEADER, ["INV-S10", "HF", "A-01", 12, 3100]]
    response = _import(api("warehouse_keeper"), "opening", xlsx(rows))
    assert response.status_code == 200, response.json()
    assert response.json()["number"]
    assert api("warehouse_keeper").get("/api/v1/imports/opening/template/").status_code == 200
    assert _import(api("buyer"), "opening", xlsx(rows)).status_code == 403
