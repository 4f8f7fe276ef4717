"""The Excel import: templates, all-or-nothing imports of items, suppliers, customers and opening
stock, each error naming the row (as Excel numbers it) and the column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yunying.core.models import AuditEvent
from yunying.inventory.selectors import available
from yunying.masterdata.models import Customer, Item, Supplier
from yunying.masterdata.services import imports

from .sheets import (
    CUSTOMER_HEADER,
    ITEM_HEADER,
    OPENING_HEADER,
    SUPPLIER_HEADER,
    rows_of,
    xlsx,
)

pytestmark = pytest.mark.django_db

URL = "/masterdata/import/"


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_page_offers_the_kinds_the_user_may_import(web) -> None:
    admin = web("admin").get(URL).content.decode()
    for kind in ("items", "suppliers", "customers", "opening"):
        assert f'id="import-{kind}"' in admin
    buyer = web("buyer").get(URL).content.decode()
    assert 'id="import-suppliers"' in buyer and 'id="import-items"' not in buyer
    keeper = web("warehouse_keeper").get(URL).content.decode()
    assert 'id="import-opening"' in keeper and 'id="import-suppliers"' not in keeper
    assert web("logistics_clerk").get(URL).status_code == 403
    assert web("buyer").get("/masterdata/import/items/template.xlsx").status_code == 403
    # A kind the user may not import is refused even when posted directly.
    response = web("buyer").post(URL, {"kind": "items", "file": xlsx([ITEM_HEADER])})
    assert response.status_code == 403


def test_each_template_has_the_header_and_one_example_row(web) -> None:
    client = _english(web("admin"))
    for kind, header in (
        ("items", ITEM_HEADER),
        ("suppliers", SUPPLIER_HEADER),
        ("customers", CUSTOMER_HEADER),
        ("opening", OPENING_HEADER),
    ):
        response = client.get(f"/masterdata/import/{kind}/template.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = rows_of(response.content)
        assert rows[0] == header, kind
        assert len(rows) == 2 and rows[1][0], kind


def test_the_template_leaves_out_prices_for_those_who_may_not_see_them(people) -> None:
    from yunying.core.models import Position, PositionPermission

    clerk = people("logistics_clerk")
    PositionPermission.objects.create(
        position=Position.objects.get(code="logistics_clerk"),
        code="masterdata.manage_items",
        scope="all",
    )
    header = rows_of(imports.template("items", actor=clerk))[0]
    assert "Standard cost" not in header and "List price" not in header
    assert "Safety stock" in header


def test_a_good_file_imports_every_row(web) -> None:
    before = AuditEvent.objects.filter(action__startswith="masterdata.").count()
    upload = xlsx(
        [
            ITEM_HEADER,
            [
                "PV-T100",
                "测试组件",
                "100W",
                "块",
                "MOD",
                10,
                5,
                7,
                "S001",
                80,
                120.5,
                "ops_specialist",
                "是",
            ],
            ["INV-T5", "测试逆变器", "5kW", "台", "INV", "4", "2", "15", "", "", "", "", "no"],
            # an existing code: updated, the empty cells keep their values
            [
                "PV-M550",
                "单晶 PERC 光伏组件（新版）",
                "",
                "",
                "MOD",
                320,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    client = _english(web("admin"))
    response = client.post(URL, {"kind": "items", "file": upload})
    assert response.status_code == 302
    new = Item.objects.get(code="PV-T100")
    assert new.safety_stock == 10 and new.sales_price == Decimal("120.5")
    assert new.default_supplier.code == "S001" and new.planner.user.username == "ops_specialist"
    assert new.active
    assert not Item.objects.get(code="INV-T5").active
    updated = Item.objects.get(code="PV-M550")
    assert updated.name == "单晶 PERC 光伏组件（新版）" and updated.safety_stock == 320
    assert updated.reorder_quantity == 100 and updated.standard_cost == 620  # kept
    assert AuditEvent.objects.filter(action__startswith="masterdata.").count() == before + 3
    assert "Items imported: 2 new, 1 updated." in client.get(URL).content.decode()


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_field(web) -> None:
    client = _english(web("admin"))
    upload = xlsx(
        [
            ITEM_HEADER,
            ["PV-T201", "组件一", "", "块", "MOD", 10, 5, 7, "", "", "", "", ""],
            ["PV-T202", "组件二", "", "块", "MOD", 10, 5, 7, "", "", "", "", ""],
            ["PV-T203", "组件三", "", "块", "MOD", 10, 5, 7, "", "", "", "", ""],
            ["PV-T204", "组件四", "", "块", "MOD", "很多", 5, 7, "", "", "", "", ""],
        ]
    )
    response = client.post(URL, {"kind": "items", "file": upload})
    assert response.status_code == 200
    assert not Item.objects.filter(code__startswith="PV-T2").exists()
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(5, "Safety stock")]
    assert str(errors[0]) == "Row 5, Safety stock: Enter a number."
    page = response.content.decode()
    assert 'id="import-errors"' in page
    row = (
        '<td class="num">5</td><td>Safety stock</td>'
        '<td title="Row 5, Safety stock: Enter a number.">Enter a number.</td>'
    )
    assert row in page


def test_in_chinese_the_error_reads_as_in_excel(web) -> None:
    upload = xlsx(
        [ITEM_HEADER, ["PV-T301", "组件", "", "块", "MOD", "abc", 5, 7, "", "", "", "", ""]]
    )
    response = web("admin").post(URL, {"kind": "items", "file": upload})
    (error,) = response.context["errors"]
    assert error.row == 2 and error.message == "请输入数字。"
    assert not Item.objects.filter(code="PV-T301").exists()


def test_every_bad_row_is_listed_and_refusals_of_the_services_too(web) -> None:
    client = _english(web("admin"))
    upload = xlsx(
        [
            ITEM_HEADER,
            ["PV-T401", "", "", "块", "NOPE", -1, 5, 2.5, "S999", "", "", "nobody", "maybe"],
            ["PV-T402", "组件", "", "块", "MOD", 1, 1, 1, "", "", "", "", ""],
            ["PV-T402", "组件", "", "块", "MOD", 1, 1, 1, "", "", "", "", ""],
        ]
    )
    errors = client.post(URL, {"kind": "items", "file": upload}).context["errors"]
    named = {(e.row, e.column) for e in errors}
    assert named == {
        (2, "Name"),
        (2, "Category code"),
        (2, "Safety stock"),
        (2, "Lead time (days)"),
        (2, "Default supplier code"),
        (2, "Planner (username)"),
        (2, "Active"),
        (4, "Item code"),
    }
    assert not Item.objects.filter(code__startswith="PV-T40").exists()


def test_a_missing_required_column_is_named_on_row_one(web) -> None:
    client = _english(web("admin"))
    upload = xlsx([["Item code", "Name"], ["PV-T501", "组件"]])
    errors = client.post(URL, {"kind": "items", "file": upload}).context["errors"]
    assert [(e.row, e.column) for e in errors] == [(1, "Category code")]


def test_a_file_that_is_not_xlsx_is_refused_with_a_form_error(web) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = web("admin")
    csv = SimpleUploadedFile("items.csv", b"code,name\nX,Y\n", content_type="text/csv")
    response = client.post(URL, {"kind": "items", "file": csv})
    assert response.status_code == 200
    assert response.context["kinds"][0]["form"].errors["file"]
    disguised = SimpleUploadedFile("items.xlsx", b"code,name\nX,Y\n")
    response = client.post(URL, {"kind": "items", "file": disguised})
    assert response.context["kinds"][0]["form"].errors["file"]


def test_suppliers_are_created_and_updated_by_code(web) -> None:
    upload = xlsx(
        [
            SUPPLIER_HEADER,
            [
                "S101",
                "合肥新材料有限公司",
                "刘工",
                "0551-1",
                "liu@example.com",
                "合肥",
                45,
                "PROC",
                "buyer",
            ],
            ["S002", "华强电子元件有限公司", "钱总", "", "", "", "", "PROC", ""],
        ]
    )
    response = web("buyer").post(URL, {"kind": "suppliers", "file": upload})
    assert response.status_code == 302
    created = Supplier.objects.get(code="S101")
    assert created.payment_terms_days == 45 and created.owner.user.username == "buyer"
    assert Supplier.objects.get(code="S002").contact_person == "钱总"
    assert AuditEvent.objects.filter(
        action="masterdata.create_supplier", object_id=str(created.pk), clause="ORG-4"
    ).exists()


def test_a_supplier_outside_the_scope_is_refused_and_nothing_is_imported(web) -> None:
    client = _english(web("buyer"))
    upload = xlsx(
        [
            SUPPLIER_HEADER,
            ["S102", "新供应商", "", "", "", "", 30, "PROC", "buyer"],
            ["S103", "财务部的供应商", "", "", "", "", 30, "FIN", "buyer"],
        ]
    )
    errors = client.post(URL, {"kind": "suppliers", "file": upload}).context["errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "Responsible department code")]
    assert not Supplier.objects.filter(code__in=["S102", "S103"]).exists()


def test_customers_accept_the_type_in_chinese_or_english(web) -> None:
    upload = xlsx(
        [
            CUSTOMER_HEADER,
            [
                "C101",
                "苏州直销客户",
                "直销",
                "JS",
                100000,
                30,
                "",
                "",
                "",
                "",
                "OPS",
                "ops_specialist",
            ],
            ["C102", "杭州经销商", "经销商", "ZJ", "200,000", 45, "", "", "", "", "OPS", ""],
            [
                "C103",
                "Shanghai Trading",
                "distributor",
                "SH",
                0,
                "",
                "",
                "",
                "a@b.cn",
                "",
                "OPS",
                "",
            ],
        ]
    )
    response = web("admin").post(URL, {"kind": "customers", "file": upload})
    assert response.status_code == 302
    kinds = dict(
        Customer.objects.filter(code__in=["C101", "C102", "C103"]).values_list("code", "kind")
    )
    assert kinds == {"C101": "direct", "C102": "distributor", "C103": "distributor"}
    assert Customer.objects.get(code="C102").credit_limit == 200000


def test_a_customer_with_a_wrong_type_and_email_names_both(web) -> None:
    client = _english(web("admin"))
    upload = xlsx(
        [
            CUSTOMER_HEADER,
            ["C104", "客户", "批发", "SH", 0, 30, "", "", "not-an-email", "", "OPS", ""],
        ]
    )
    errors = client.post(URL, {"kind": "customers", "file": upload}).context["errors"]
    assert {(e.row, e.column) for e in errors} == {(2, "Type"), (2, "Email")}


def test_opening_stock_is_posted_through_the_inventory_service(web) -> None:
    item = Item.objects.get(code="INV-S10")
    other = Item.objects.get(code="MC4-P")
    before, before_other = available(item.pk), available(other.pk)
    upload = xlsx(
        [
            OPENING_HEADER,
            ["INV-S10", "HF", "A-01", 12, 3100],
            ["INV-S10", "SH", "B-01", 3, 3150],
            ["MC4-P", "HF", "A-02", "500", "3.45"],
        ]
    )
    response = web("warehouse_keeper").post(URL, {"kind": "opening", "file": upload})
    assert response.status_code == 302
    assert available(item.pk) == before + 15
    assert available(other.pk) == before_other + 500
    assert AuditEvent.objects.filter(action="inventory.opening_stock").exists()


def test_opening_stock_with_one_bad_row_posts_nothing(web) -> None:
    client = _english(web("warehouse_keeper"))
    item = Item.objects.get(code="INV-S50")
    before = available(item.pk)
    upload = xlsx(
        [
            OPENING_HEADER,
            ["INV-S50", "HF", "A-01", 2, 9800],
            ["INV-S50", "HF", "B-01", 2, 9800],  # B-01 is in the Shanghai warehouse
            ["INV-S50", "SH", "B-01", 0, 9800],
        ]
    )
    errors = client.post(URL, {"kind": "opening", "file": upload}).context["errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "Location code"), (4, "Quantity")]
    assert available(item.pk) == before


def test_the_filled_in_template_imports(web) -> None:
    client = web("admin")
    template = client.get("/masterdata/import/items/template.xlsx").content
    rows = rows_of(template)
    upload = xlsx(rows, name="template.xlsx")
    response = client.post(URL, {"kind": "items", "file": upload})
    assert response.status_code == 302
    assert Item.objects.filter(code=rows[1][0]).exists()
