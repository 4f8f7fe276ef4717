"""The master data pages: who sees what (prices, suppliers and customers in scope), and the
forms that drive the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from yunying.core.models import AuditEvent, Department, Employee, Position, PositionPermission
from yunying.masterdata.models import (
    Contact,
    Customer,
    Item,
    ItemCategory,
    Location,
    Region,
    Supplier,
    Warehouse,
)
from yunying.masterdata.services import records

pytestmark = pytest.mark.django_db


def _grant(position: str, code: str, scope: str = "all") -> None:
    PositionPermission.objects.create(
        position=Position.objects.get(code=position), code=code, scope=scope
    )


def test_the_menu_names_resolve() -> None:
    for name in ("items", "suppliers", "customers", "warehouses", "import"):
        assert reverse(f"masterdata:{name}").startswith("/masterdata/")


def test_every_page_renders_for_the_administrator(web) -> None:
    item = Item.objects.get(code="PV-M550")
    supplier = Supplier.objects.get(code="S005")
    customer = Customer.objects.get(code="C001")
    warehouse = Warehouse.objects.get(code="HF")
    location = Location.objects.get(warehouse=warehouse, code="A-01")
    pages = [
        "/masterdata/items/",
        f"/masterdata/items/?q=PV&category={item.category_id}&active=1",
        f"/masterdata/items/{item.pk}/",
        "/masterdata/items/new/",
        f"/masterdata/items/{item.pk}/edit/",
        "/masterdata/categories/",
        "/masterdata/suppliers/?q=S0&status=blocked",
        f"/masterdata/suppliers/{supplier.pk}/",
        "/masterdata/suppliers/new/",
        f"/masterdata/suppliers/{supplier.pk}/edit/",
        "/masterdata/customers/?q=C0&region=1&kind=direct",
        f"/masterdata/customers/{customer.pk}/",
        "/masterdata/customers/new/",
        f"/masterdata/customers/{customer.pk}/edit/",
        "/masterdata/regions/",
        "/masterdata/regions/new/",
        "/masterdata/warehouses/",
        "/masterdata/warehouses/new/",
        f"/masterdata/warehouses/{warehouse.pk}/edit/",
        f"/masterdata/warehouses/{warehouse.pk}/locations/new/",
        f"/masterdata/locations/{location.pk}/edit/",
        "/masterdata/import/",
    ]
    for url in pages:
        assert web("admin").get(url).status_code == 200, url


def test_items_are_for_everybody_but_prices_only_with_the_permission(web) -> None:
    item = Item.objects.get(code="PV-M550")  # standard cost 620, list price 780
    clerk = web("logistics_clerk")
    listing = clerk.get("/masterdata/items/")
    assert listing.status_code == 200 and not listing.context["show_prices"]
    assert "PV-M550" in listing.content.decode() and "780" not in listing.content.decode()
    detail = clerk.get(f"/masterdata/items/{item.pk}/").content.decode()
    assert "550W 144 片半片" in detail and "780" not in detail and "620" not in detail
    seen = web("ops_supervisor").get(f"/masterdata/items/{item.pk}/").content.decode()
    assert "¥780" in seen and "¥620" in seen
    assert web("ops_supervisor").get("/masterdata/items/").context["show_prices"]


def test_the_item_page_links_to_its_stock(web) -> None:
    item = Item.objects.get(code="PV-M550")
    page = web("logistics_clerk").get(f"/masterdata/items/{item.pk}/").content.decode()
    assert f'href="/inventory/items/{item.pk}/"' in page
    # The default supplier is shown only to those who may see it (ORG-4).
    assert "晶澳光伏材料有限公司" not in page
    assert (
        "晶澳光伏材料有限公司" in web("buyer").get(f"/masterdata/items/{item.pk}/").content.decode()
    )


def test_item_filters_search_code_name_and_specification(web) -> None:
    client = web("logistics_clerk")
    codes = lambda url: {i.code for i in client.get(url).context["page"]}  # noqa: E731
    assert codes("/masterdata/items/?q=双玻") == {"PV-M600", "PV-B450"}
    assert codes("/masterdata/items/?q=inv-s") == {"INV-S10", "INV-S50"}
    cable = ItemCategory.objects.get(code="CBL")
    assert codes(f"/masterdata/items/?category={cable.pk}") == {"CBL-4", "CBL-6"}
    assert codes("/masterdata/items/?category=CBL") == {"CBL-4", "CBL-6"}
    assert codes("/masterdata/items/?active=0") == set()


def test_creating_and_editing_an_item_through_the_pages(web) -> None:
    client = web("ops_supervisor")
    category = ItemCategory.objects.get(code="JB")
    supplier = Supplier.objects.get(code="S002")
    response = client.post(
        "/masterdata/items/new/",
        {
            "code": "JB-IP67",
            "name": "光伏接线盒",
            "specification": "IP67",
            "unit": "个",
            "category": category.pk,
            "safety_stock": "200",
            "reorder_quantity": "300",
            "lead_time_days": "12",
            "default_supplier": supplier.pk,
            "standard_cost": "21.5",
            "sales_price": "35",
            "planner": Employee.objects.get(user__username="ops_specialist").pk,
            "active": "on",
        },
    )
    item = Item.objects.get(code="JB-IP67")
    assert response.status_code == 302 and response["Location"] == f"/masterdata/items/{item.pk}/"
    assert item.standard_cost == Decimal("21.5") and item.default_supplier == supplier
    assert AuditEvent.objects.filter(
        action="masterdata.create_item", object_id=str(item.pk)
    ).exists()

    data = {
        "name": "光伏接线盒（改）",
        "unit": "个",
        "category": category.pk,
        "safety_stock": "250",
        "reorder_quantity": "300",
        "lead_time_days": "12",
        "default_supplier": supplier.pk,
        "standard_cost": "22",
        "sales_price": "35",
        "active": "on",
        "code": "CHANGED",  # disabled: ignored
    }
    response = client.post(f"/masterdata/items/{item.pk}/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.code, item.name, item.safety_stock, item.standard_cost) == (
        "JB-IP67",
        "光伏接线盒（改）",
        250,
        22,
    )
    # A duplicate code is an error on the form, nothing is saved.
    response = client.post("/masterdata/items/new/", {**data, "code": "PV-M550"})
    assert response.status_code == 200 and "code" in response.context["form"].errors


def test_without_prices_the_item_form_leaves_them_alone(web) -> None:
    _grant("logistics_clerk", "masterdata.manage_items")
    item = Item.objects.get(code="CBL-4")
    client = web("logistics_clerk")
    form = client.get(f"/masterdata/items/{item.pk}/edit/").context["form"]
    assert "standard_cost" not in form.fields and "sales_price" not in form.fields
    assert "default_supplier" not in form.fields  # no masterdata.view_supplier
    response = client.post(
        f"/masterdata/items/{item.pk}/edit/",
        {
            "name": item.name,
            "unit": item.unit,
            "category": item.category_id,
            "safety_stock": "2500",
            "reorder_quantity": "1000",
            "lead_time_days": "10",
            "active": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (
        item.safety_stock == 2500 and item.standard_cost == Decimal("3.2") and item.sales_price == 5
    )
    assert item.default_supplier.code == "S003"


def test_without_the_permissions_pages_are_refused(web) -> None:
    supplier = Supplier.objects.get(code="S001")
    customer = Customer.objects.get(code="C001")
    client = web("ops_specialist")  # no supplier, customer or item management permissions
    assert client.get("/masterdata/suppliers/").status_code == 403
    assert client.get(f"/masterdata/suppliers/{supplier.pk}/").status_code == 404
    assert client.get("/masterdata/suppliers/?format=xlsx").status_code == 403
    assert client.get("/masterdata/customers/").status_code == 403
    assert client.get(f"/masterdata/customers/{customer.pk}/").status_code == 404
    assert client.get("/masterdata/items/new/").status_code == 403
    assert client.get("/masterdata/warehouses/new/").status_code == 403
    assert client.get("/masterdata/regions/").status_code == 403
    assert client.get("/masterdata/warehouses/").status_code == 200
    assert 'href="/masterdata/suppliers/"' not in client.get("/masterdata/items/").content.decode()


@pytest.mark.clause("ORG-4")
def test_suppliers_are_listed_within_the_data_scope(web, people) -> None:
    outside = records.create_supplier(
        code="S090",
        name="物流部的承运商",
        department=Department.objects.get(code="LOG"),
        owner=people("log_manager"),
        actor=None,
    )
    buyer = web("buyer")
    listed = {s.code for s in buyer.get("/masterdata/suppliers/").context["page"]}
    assert listed == {"S001", "S002", "S003", "S004", "S005"}
    assert buyer.get(f"/masterdata/suppliers/{outside.pk}/").status_code == 404
    assert buyer.get(f"/masterdata/suppliers/{outside.pk}/edit/").status_code == 404
    everything = {s.code for s in web("fin_manager").get("/masterdata/suppliers/").context["page"]}
    assert "S090" in everything


def test_a_blocked_supplier_shows_its_badge_and_reason(web) -> None:
    blocked = Supplier.objects.get(code="S005")
    page = web("buyer").get("/masterdata/suppliers/").content.decode()
    assert "连续两批接线盒验收不合格，暂停合作" in page and "badge bad" in page
    detail = web("buyer").get(f"/masterdata/suppliers/{blocked.pk}/").content.decode()
    assert 'class="badge bad" id="supplier-state"' in detail
    assert "连续两批接线盒验收不合格，暂停合作" in detail
    assert f'hx-get="/procurement/suppliers/{blocked.pk}/evaluation/" hx-trigger="load"' in detail


@pytest.mark.clause("PROC-7")
def test_blocking_a_supplier_needs_a_reason(web) -> None:
    supplier = Supplier.objects.get(code="S003")
    client = web("buyer")
    response = client.post(f"/masterdata/suppliers/{supplier.pk}/block/", {"reason": "  "})
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert not supplier.blocked
    page = client.get(f"/masterdata/suppliers/{supplier.pk}/").content.decode()
    assert "PROC-7" in page and 'class="badge ok" id="supplier-state"' in page

    client.post(f"/masterdata/suppliers/{supplier.pk}/block/", {"reason": "交货严重延误"})
    supplier.refresh_from_db()
    assert supplier.blocked and supplier.block_reason == "交货严重延误"
    event = AuditEvent.objects.filter(action="masterdata.block_supplier").latest("seq")
    assert event.object_id == str(supplier.pk) and event.clause == "PROC-7"

    client.post(f"/masterdata/suppliers/{supplier.pk}/unblock/")
    supplier.refresh_from_db()
    assert not supplier.blocked and supplier.block_reason == ""
    # Seeing suppliers is not enough to block them.
    web("ops_supervisor").post(f"/masterdata/suppliers/{supplier.pk}/block/", {"reason": "x"})
    supplier.refresh_from_db()
    assert not supplier.blocked


def test_creating_and_editing_a_supplier_through_the_pages(web, people) -> None:
    client = web("buyer")  # manages its own suppliers
    proc = Department.objects.get(code="PROC")
    form = client.get("/masterdata/suppliers/new/").context["form"]
    assert list(form.fields["department"].queryset) == [proc]
    response = client.post(
        "/masterdata/suppliers/new/",
        {
            "code": "S010",
            "name": "常州储能科技有限公司",
            "contact_person": "吴经理",
            "phone": "0519-1234",
            "email": "wu@example.com",
            "payment_terms_days": "60",
            "department": proc.pk,
            "owner": people("buyer").pk,
            "active": "on",
        },
    )
    supplier = Supplier.objects.get(code="S010")
    assert response["Location"] == f"/masterdata/suppliers/{supplier.pk}/"
    response = client.post(
        f"/masterdata/suppliers/{supplier.pk}/edit/",
        {
            "name": "常州储能科技股份有限公司",
            "email": "not an email",
            "payment_terms_days": "60",
            "department": proc.pk,
            "owner": people("buyer").pk,
        },
    )
    assert response.status_code == 200 and "email" in response.context["form"].errors
    client.post(
        f"/masterdata/suppliers/{supplier.pk}/edit/",
        {
            "name": "常州储能科技股份有限公司",
            "payment_terms_days": "45",
            "department": proc.pk,
            "owner": people("buyer").pk,
        },
    )
    supplier.refresh_from_db()
    assert supplier.name == "常州储能科技股份有限公司" and supplier.payment_terms_days == 45
    assert not supplier.active  # the box was not ticked
    assert AuditEvent.objects.filter(
        action="masterdata.update_supplier", object_id=str(supplier.pk), clause="ORG-4"
    ).exists()


def test_supplier_contacts_are_added_and_removed(web) -> None:
    supplier = Supplier.objects.get(code="S001")
    client = web("buyer")
    fragment = client.post(
        f"/masterdata/suppliers/{supplier.pk}/contacts/",
        {"name": "赵工", "role": "销售经理", "phone": "139", "email": "zhao@example.com"},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200 and 'id="contacts"' in fragment.content.decode()
    contact = Contact.objects.get(supplier=supplier, name="赵工")
    assert "销售经理" in fragment.content.decode()
    # A contact without a name is refused on the fragment's form.
    refused = client.post(
        f"/masterdata/suppliers/{supplier.pk}/contacts/", {"name": ""}, HTTP_HX_REQUEST="true"
    )
    assert refused.context["contact_form"].errors["name"]
    # Without HTMX the page is loaded again.
    response = client.post(f"/masterdata/suppliers/{supplier.pk}/contacts/{contact.pk}/remove/")
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.filter(
        action="masterdata.remove_contact", object_id=str(supplier.pk)
    ).exists()
    # Those who only see the supplier cannot change its contacts.
    web("ops_supervisor").post(f"/masterdata/suppliers/{supplier.pk}/contacts/", {"name": "某人"})
    assert not Contact.objects.filter(supplier=supplier, name="某人").exists()


def test_customers_filter_by_region_type_and_search(web) -> None:
    client = web("ops_manager")
    codes = lambda url: {c.code for c in client.get(url).context["page"]}  # noqa: E731
    east = Region.objects.get(code="EAST")
    assert codes(f"/masterdata/customers/?region={east.pk}") == {"C001", "C002", "C003", "C004"}
    assert codes(f"/masterdata/customers/?region={east.pk}&kind=distributor") == {"C002", "C003"}
    assert codes("/masterdata/customers/?q=京能") == {"C007"}
    assert len(codes("/masterdata/customers/")) == 8


def test_creating_and_editing_a_customer_with_contacts(web, people) -> None:
    client = web("admin")
    ops = Department.objects.get(code="OPS")
    region = Region.objects.get(code="GD")
    response = client.post(
        "/masterdata/customers/new/",
        {
            "code": "C020",
            "name": "深圳光储科技有限公司",
            "kind": "distributor",
            "region": region.pk,
            "credit_limit": "750000",
            "payment_terms_days": "45",
            "department": ops.pk,
            "owner": people("ops_specialist").pk,
            "active": "on",
        },
    )
    customer = Customer.objects.get(code="C020")
    assert response["Location"] == f"/masterdata/customers/{customer.pk}/"
    assert customer.kind == "distributor" and customer.credit_limit == 750000
    client.post(
        f"/masterdata/customers/{customer.pk}/edit/",
        {
            "name": customer.name,
            "kind": "direct",
            "region": Region.objects.get(code="FJ").pk,
            "credit_limit": "800000",
            "payment_terms_days": "30",
            "department": ops.pk,
            "active": "on",
        },
    )
    customer.refresh_from_db()
    assert (customer.kind, customer.region.code, customer.credit_limit) == ("direct", "FJ", 800000)
    client.post(f"/masterdata/customers/{customer.pk}/contacts/", {"name": "林总", "role": "采购"})
    assert customer.contacts.get().role == "采购"
    page = client.get(f"/masterdata/customers/{customer.pk}/").content.decode()
    assert "林总" in page and "福建" in page


def test_regions_as_a_tree_and_a_new_region(web) -> None:
    page = web("ops_manager").get("/masterdata/regions/")
    roots = page.context["tree"]
    assert [node.region.code for node in roots] == ["CN"]
    assert roots[0].customers == 8
    east = next(n for n in roots[0].children if n.region.code == "EAST")
    assert {n.region.code for n in east.children} == {"SH", "JS", "ZJ", "AH"}
    assert east.customers == 4
    parent = Region.objects.get(code="JS")
    response = web("admin").post(
        "/masterdata/regions/new/", {"code": "JS-SZ", "name": "苏州", "parent": parent.pk}
    )
    assert response.status_code == 302
    child = Region.objects.get(code="JS-SZ")
    assert child.path == f"{parent.path}{child.pk}/"
    assert web("ops_manager").get("/masterdata/regions/new/").status_code == 403


def test_warehouses_with_their_locations(web) -> None:
    page = web("logistics_clerk").get("/masterdata/warehouses/").content.decode()
    assert "合肥中心仓" in page and "不合格品区" in page and "分仓 B-01" in page
    client = web("ops_supervisor")
    response = client.post(
        "/masterdata/warehouses/new/", {"code": "WH", "name": "武汉仓", "address": "武汉"}
    )
    assert response.status_code == 302
    warehouse = Warehouse.objects.get(code="WH")
    client.post(
        f"/masterdata/warehouses/{warehouse.pk}/locations/new/",
        {"code": "C-01", "name": "武汉 C-01", "kind": "receiving"},
    )
    location = Location.objects.get(warehouse=warehouse, code="C-01")
    assert location.kind == "receiving"
    client.post(
        f"/masterdata/locations/{location.pk}/edit/",
        {"name": "武汉 C-01 存储", "kind": "storage", "active": "on"},
    )
    location.refresh_from_db()
    assert (location.name, location.kind) == ("武汉 C-01 存储", "storage")
    # The same code twice in one warehouse is an error on the form.
    again = client.post(
        f"/masterdata/warehouses/{warehouse.pk}/locations/new/",
        {"code": "C-01", "name": "重复", "kind": "storage"},
    )
    assert again.status_code == 200 and "code" in again.context["form"].errors
    client.post(
        f"/masterdata/warehouses/{warehouse.pk}/edit/",
        {"name": "武汉分仓", "address": "武汉市"},
    )
    warehouse.refresh_from_db()
    assert warehouse.name == "武汉分仓" and not warehouse.active


def test_a_new_category(web) -> None:
    web("ops_supervisor").post("/masterdata/categories/", {"code": "BAT", "name": "储能电池"})
    assert ItemCategory.objects.filter(code="BAT", name="储能电池").exists()
    assert web("logistics_clerk").post("/masterdata/categories/", {"code": "X"}).status_code == 403


def test_the_pages_are_in_chinese_by_default(web) -> None:
    page = web("admin").get("/masterdata/items/").content.decode()
    assert "导出 Excel" in page and "搜索" in page
