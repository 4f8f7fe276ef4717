"""Loading the demo company's master data through the master data services."""

from __future__ import annotations

from typing import Any

from yunying.core.models import Department, Employee
from yunying.masterdata.models import Region, Supplier
from yunying.masterdata.services import records

from .files import HERE, read_yaml


def build_masterdata() -> None:
    data: dict[str, Any] = read_yaml(HERE / "masterdata.yaml")
    people = {e.user.username: e for e in Employee.objects.select_related("user")}
    procurement = Department.objects.get(code="PROC")
    sales = Department.objects.get(code="OPS")
    categories = {
        c["code"]: records.create_category(code=c["code"], name=c["name"], actor=None)
        for c in data["categories"]
    }
    for entry in data["warehouses"]:
        warehouse = records.create_warehouse(
            code=entry["code"], name=entry["name"], address=entry["address"], actor=None
        )
        for location in entry["locations"]:
            records.create_location(warehouse=warehouse, actor=None, **location)
    suppliers: dict[str, Supplier] = {}
    for entry in data["suppliers"]:
        entry = dict(entry)
        blocked = entry.pop("blocked", "")
        owner = people[entry.pop("owner")]
        suppliers[entry["code"]] = records.create_supplier(
            actor=None, department=procurement, owner=owner, **entry
        )
        if blocked:
            records.set_supplier_blocked(
                supplier=suppliers[entry["code"]],
                blocked=True,
                reason=blocked,
                actor=people["proc_manager"],
            )
    specialist = people["ops_specialist"]
    for entry in data["items"]:
        entry = dict(entry)
        records.create_item(
            actor=None,
            category=categories[entry.pop("category")],
            default_supplier=suppliers[entry.pop("supplier")],
            planner=specialist,
            **entry,
        )
    regions: dict[str, Region] = {}
    for entry in data["regions"]:
        regions[entry["code"]] = records.create_region(
            code=entry["code"],
            name=entry["name"],
            parent=regions.get(entry.get("parent", "")),
            actor=None,
        )
    for entry in data["customers"]:
        entry = dict(entry)
        records.create_customer(
            actor=None,
            department=sales,
            owner=people["ops_specialist"],
            region=regions[entry.pop("region")],
            **entry,
        )
