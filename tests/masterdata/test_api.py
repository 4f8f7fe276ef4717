"""The master data API: items with prices only for those who may see them, suppliers and
customers within the data scope (ORG-4), blocking with a reason (PROC-7), regions as a tree."""

from __future__ import annotations

import pytest

from yunying.core.models import AuditEvent, Department, Employee, Position, PositionPermission
from yunying.masterdata.models import (
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


def _item_body(**changes):
    body = {
        "code": "INV-H6",
        "name": "混合储能逆变器",
        "category": ItemCategory.objects.get(code="INV").pk,
        "specification": "6kW 单相",
        "unit": "台",
        "safety_stock": "10",
        "reorder_quantity": "5",
        "lead_time_days": 18,
        "default_supplier": Supplier.objects.get(code="S002").pk,
        "standard_cost": "2800",
        "sales_price": "3600",
        "planner": Employee.objects.get(user__username="ops_specialist").pk,
        "active": True,
    }
    body.update(changes)
    return body


def test_items_are_searched_and_filtered(api) -> None:
    client = api("logistics_clerk")
    codes = lambda url: {r["code"] for r in client.get(url).json()["results"]}  # noqa: E731
    assert codes("/api/v1/items/?search=电缆") == {"CBL-4", "CBL-6"}
    assert codes("/api/v1/items/?category=INV") == {"INV-S10", "INV-S50", "INV-M2"}
    category = ItemCategory.objects.get(code="MNT")
    assert codes(f"/api/v1/items/?category={category.pk}") == {"MNT-RF", "MNT-GR"}
    assert codes("/api/v1/items/?category=NOPE") == set()
    assert codes("/api/v1/items/?search=pv-m&active=true") == {"PV-M550", "PV-M600"}


@pytest.mark.clause("ORG-4")
def test_prices_are_null_without_the_permission(api) -> None:
    item = Item.objects.get(code="PV-M550")
    hidden = api("logistics_clerk").get(f"/api/v1/items/{item.pk}/").json()
    assert hidden["standard_cost"] is None and hidden["sales_price"] is None
    assert hidden["safety_stock"] == "300.000" and hidden["category_code"] == "MOD"
    listed = api("logistics_clerk").get("/api/v1/items/").json()["results"]
    assert all(row["standard_cost"] is None for row in listed)
    shown = api("ops_supervisor").get(f"/api/v1/items/{item.pk}/").json()
    assert shown["standard_cost"] == "620.0000" and shown["sales_price"] == "780.0000"


def test_creating_and_updating_an_item(api) -> None:
    client = api("ops_supervisor")
    response = client.post("/api/v1/items/", _item_body(), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["standard_cost"] == "2800.0000" and created["default_supplier_code"] == "S002"
    response = client.put(
        f"/api/v1/items/{created['id']}/",
        {
            "code": "IGNORED",
            "name": "混合储能逆变器 6kW",
            "category": created["category"],
            "safety_stock": "12",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    item = Item.objects.get(pk=created["id"])
    assert (item.code, item.name, item.safety_stock, item.lead_time_days) == (
        "INV-H6",
        "混合储能逆变器 6kW",
        12,
        18,
    )
    duplicate = client.post("/api/v1/items/", _item_body(), format="json")
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "code"
    negative = client.post(
        "/api/v1/items/", _item_body(code="X1", safety_stock="-1"), format="json"
    )
    assert negative.status_code == 400
    assert (
        api("logistics_clerk")
        .post("/api/v1/items/", _item_body(code="X2"), format="json")
        .status_code
        == 403
    )


@pytest.mark.clause("ORG-4")
def test_prices_are_set_only_by_those_who_may_see_them(api) -> None:
    _grant("logistics_clerk", "masterdata.manage_items")
    client = api("logistics_clerk")
    body = _item_body(code="X3", default_supplier=None)
    refused = client.post("/api/v1/items/", body, format="json")
    assert refused.status_code == 403 and refused.json()["clause"] == "ORG-4"
    body.update(standard_cost=None, sales_price=None)
    created = client.post("/api/v1/items/", body, format="json")
    assert created.status_code == 201 and created.json()["standard_cost"] is None
    assert Item.objects.get(code="X3").standard_cost == 0
    # A supplier outside the scope (here: none visible) is refused.
    response = client.post(
        "/api/v1/items/", _item_body(code="X4", standard_cost=None, sales_price=None), format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "default_supplier"


def test_categories_warehouses_and_locations(api) -> None:
    client = api("ops_supervisor")
    assert {c["code"] for c in client.get("/api/v1/item-categories/").json()} >= {"MOD", "INV"}
    assert (
        client.post("/api/v1/item-categories/", {"code": "BAT", "name": "储能电池"}).status_code
        == 201
    )
    warehouses = {w["code"]: w for w in api("logistics_clerk").get("/api/v1/warehouses/").json()}
    assert {loc["code"]: loc["kind"] for loc in warehouses["HF"]["locations"]} == {
        "A-01": "storage",
        "A-02": "storage",
        "RCV": "receiving",
        "RET": "returns",
        "QC": "quarantine",
    }
    created = client.post("/api/v1/warehouses/", {"code": "CD", "name": "成都仓"}, format="json")
    assert created.status_code == 201 and created.json()["locations"] == []
    warehouse = Warehouse.objects.get(code="CD")
    location = client.post(
        "/api/v1/locations/",
        {"warehouse": warehouse.pk, "code": "D-01", "name": "成都 D-01", "kind": "quarantine"},
        format="json",
    )
    assert location.status_code == 201 and location.json()["kind"] == "quarantine"
    updated = client.put(
        f"/api/v1/locations/{location.json()['id']}/",
        {
            "warehouse": warehouse.pk,
            "code": "D-01",
            "name": "成都 D-01",
            "kind": "storage",
            "active": False,
        },
        format="json",
    )
    assert updated.status_code == 200
    saved = Location.objects.get(pk=location.json()["id"])
    assert (saved.kind, saved.active) == ("storage", False)
    bad = client.post(
        "/api/v1/locations/",
        {"warehouse": warehouse.pk, "code": "D-02", "name": "x", "kind": "attic"},
        format="json",
    )
    assert bad.status_code == 400
    assert {loc["code"] for loc in client.get("/api/v1/locations/?warehouse=SH").json()} == {"B-01"}
    assert (
        api("logistics_clerk").post("/api/v1/warehouses/", {"code": "X", "name": "X"}).status_code
        == 403
    )


@pytest.mark.clause("ORG-4")
def test_suppliers_are_scoped(api, people) -> None:
    outside = records.create_supplier(
        code="S091",
        name="财务部的供应商",
        department=Department.objects.get(code="FIN"),
        owner=people("fin_manager"),
        actor=None,
    )
    rows = api("buyer").get("/api/v1/suppliers/").json()["results"]
    assert {r["code"] for r in rows} == {"S001", "S002", "S003", "S004", "S005"}
    assert api("buyer").get(f"/api/v1/suppliers/{outside.pk}/").status_code == 404
    assert api("fin_manager").get(f"/api/v1/suppliers/{outside.pk}/").status_code == 200
    # Without masterdata.view_supplier: the list is refused, a supplier is not found.
    refused = api("ops_specialist").get("/api/v1/suppliers/")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    s001 = Supplier.objects.get(code="S001")
    missing = api("ops_specialist").get(f"/api/v1/suppliers/{s001.pk}/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    blocked = api("buyer").get("/api/v1/suppliers/?status=blocked").json()["results"]
    assert [(r["code"], r["blocked"]) for r in blocked] == [("S005", True)]
    assert blocked[0]["block_reason"]


def test_creating_and_updating_a_supplier(api, people) -> None:
    proc = Department.objects.get(code="PROC")
    body = {
        "code": "S011",
        "name": "无锡硅材料有限公司",
        "department": proc.pk,
        "owner": people("buyer").pk,
        "payment_terms_days": 30,
        "email": "si@example.com",
    }
    response = api("buyer").post("/api/v1/suppliers/", body, format="json")
    assert response.status_code == 201, response.json()
    supplier = response.json()
    assert supplier["contacts"] == [] and not supplier["blocked"]
    response = api("buyer").put(
        f"/api/v1/suppliers/{supplier['id']}/",
        {**body, "name": "无锡硅材料股份有限公司", "payment_terms_days": 45},
        format="json",
    )
    assert response.status_code == 200 and response.json()["payment_terms_days"] == 45
    # A buyer manages only its own suppliers: not one owned by somebody else or in another
    # department.
    other = api("buyer").post(
        "/api/v1/suppliers/",
        {**body, "code": "S012", "owner": people("proc_manager").pk},
        format="json",
    )
    assert other.status_code == 403
    finance = api("buyer").post(
        "/api/v1/suppliers/",
        {**body, "code": "S013", "department": Department.objects.get(code="FIN").pk},
        format="json",
    )
    assert finance.status_code == 403
    assert (
        api("ops_supervisor")
        .post("/api/v1/suppliers/", {**body, "code": "S014"}, format="json")
        .status_code
        == 403
    )


@pytest.mark.clause("PROC-7")
def test_blocking_a_supplier_needs_a_reason_through_the_api(api) -> None:
    supplier = Supplier.objects.get(code="S004")
    client = api("proc_manager")
    refused = client.post(f"/api/v1/suppliers/{supplier.pk}/block/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["clause"] == "PROC-7" and refused.json()["field"] == "reason"
    supplier.refresh_from_db()
    assert not supplier.blocked
    blocked = client.post(
        f"/api/v1/suppliers/{supplier.pk}/block/", {"reason": "资质证书过期"}, format="json"
    )
    assert blocked.status_code == 200
    assert blocked.json()["blocked"] and blocked.json()["block_reason"] == "资质证书过期"
    assert AuditEvent.objects.filter(
        action="masterdata.block_supplier", object_id=str(supplier.pk), clause="PROC-7"
    ).exists()
    lifted = client.post(f"/api/v1/suppliers/{supplier.pk}/unblock/")
    assert lifted.status_code == 200 and not lifted.json()["blocked"]
    assert (
        api("ops_supervisor")
        .post(f"/api/v1/suppliers/{supplier.pk}/block/", {"reason": "x"}, format="json")
        .status_code
        == 403
    )


def test_customers_are_scoped_and_filtered(api) -> None:
    client = api("ops_manager")
    codes = lambda url: {r["code"] for r in client.get(url).json()["results"]}  # noqa: E731
    assert codes("/api/v1/customers/?region=EAST") == {"C001", "C002", "C003", "C004"}
    assert codes("/api/v1/customers/?region=SOUTH&kind=distributor") == {"C005"}
    assert codes("/api/v1/customers/?search=冀光") == {"C008"}
    assert codes("/api/v1/customers/?region=MARS") == set()
    assert api("buyer").get("/api/v1/customers/").status_code == 403
    customer = Customer.objects.get(code="C001")
    assert api("buyer").get(f"/api/v1/customers/{customer.pk}/").status_code == 404
    row = client.get(f"/api/v1/customers/{customer.pk}/").json()
    assert (row["kind"], row["region_code"], row["credit_limit"]) == ("direct", "SH", "800000.00")


def test_creating_and_updating_a_customer(api, people) -> None:
    body = {
        "code": "C030",
        "name": "南京光伏工程有限公司",
        "kind": "direct",
        "region": Region.objects.get(code="JS").pk,
        "credit_limit": "300000",
        "department": Department.objects.get(code="OPS").pk,
        "owner": people("ops_specialist").pk,
    }
    response = api("admin").post("/api/v1/customers/", body, format="json")
    assert response.status_code == 201, response.json()
    customer = response.json()
    assert customer["payment_terms_days"] == 30 and customer["region_name"] == "江苏"
    response = api("admin").put(
        f"/api/v1/customers/{customer['id']}/",
        {**body, "kind": "distributor", "credit_limit": "450000"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["credit_limit"]) == (
        "distributor",
        "450000.00",
    )
    assert (
        api("ops_manager")
        .post("/api/v1/customers/", {**body, "code": "C031"}, format="json")
        .status_code
        == 403
    )
    bad = api("admin").post(
        "/api/v1/customers/", {**body, "code": "C032", "kind": "reseller"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "kind"


def test_regions_are_listed_as_a_tree(api) -> None:
    rows = api("ops_manager").get("/api/v1/regions/").json()
    order = [r["code"] for r in rows]
    assert order[0] == "CN"
    by_code = {r["code"]: r for r in rows}
    assert by_code["EAST"]["parent"] == by_code["CN"]["id"] and by_code["EAST"]["depth"] == 1
    assert by_code["SH"]["depth"] == 2
    for row in rows:  # a parent comes before its children
        if row["parent"]:
            assert order.index(
                next(r["code"] for r in rows if r["id"] == row["parent"])
            ) < order.index(row["code"])
    created = api("admin").post(
        "/api/v1/regions/",
        {"code": "SH-PD", "name": "浦东", "parent": by_code["SH"]["id"]},
        format="json",
    )
    assert created.status_code == 201 and created.json()["depth"] == 3
    assert (
        api("ops_manager")
        .post("/api/v1/regions/", {"code": "X", "name": "X"}, format="json")
        .status_code
        == 403
    )
