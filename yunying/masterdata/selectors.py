"""Reading master data: lists with their filters, scoped where the records are protected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from yunying.core import access
from yunying.core.models import Department, Employee
from yunying.core.params import as_id

from .models import Contact, Customer, Item, ItemCategory, Location, Region, Supplier, Warehouse
from .permissions import (
    MANAGE_CUSTOMER,
    MANAGE_ITEMS,
    MANAGE_SUPPLIER,
    VIEW_CUSTOMER,
    VIEW_PRICES,
    VIEW_SUPPLIER,
)
from .services.parties import may_hold_in

__all__ = [
    "MANAGE_CUSTOMER",
    "MANAGE_ITEMS",
    "MANAGE_SUPPLIER",
    "VIEW_CUSTOMER",
    "VIEW_PRICES",
    "VIEW_SUPPLIER",
]


def prices_visible(actor: Employee | None) -> bool:
    """Standard costs and list prices are protected (ORG-4)."""
    return access.has_perm(actor, VIEW_PRICES)


# ----------------------------------------------------------------------------- items


def categories() -> QuerySet[ItemCategory]:
    return ItemCategory.objects.order_by("code")


def categories_with_counts() -> QuerySet[ItemCategory]:
    return ItemCategory.objects.annotate(item_count=Count("items")).order_by("code")


def category_by_key(key: str) -> ItemCategory | None:
    """A category by its id or its code (list filters accept both)."""
    key = (key or "").strip()
    if not key:
        return None
    category_id = as_id(key)
    if category_id is not None:
        found = ItemCategory.objects.filter(pk=category_id).first()
        if found is not None:
            return found
    return ItemCategory.objects.filter(code=key).first()


def items(
    *,
    search: str = "",
    category: ItemCategory | None = None,
    active: bool | None = None,
) -> QuerySet[Item]:
    """Items, searched by code, name or specification, filtered by category and status."""
    rows = Item.objects.select_related("category", "default_supplier", "planner")
    search = (search or "").strip()
    if search:
        rows = rows.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(specification__icontains=search)
        )
    if category is not None:
        rows = rows.filter(category=category)
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("code")


# ----------------------------------------------------------------------------- parties


def suppliers_visible_to(actor: Employee | None) -> QuerySet[Supplier]:
    """The suppliers within the actor's scope for masterdata.view_supplier (ORG-2, ORG-4)."""
    return access.scope(
        Supplier.objects.select_related("department", "owner").order_by("code"),
        actor,
        VIEW_SUPPLIER,
    )


def search_suppliers(
    suppliers: QuerySet[Supplier], *, search: str = "", status: str = ""
) -> QuerySet[Supplier]:
    """``status``: "blocked", "active" (not blocked, active) or "inactive"; empty for all."""
    search = (search or "").strip()
    if search:
        suppliers = suppliers.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(contact_person__icontains=search)
            | Q(phone__icontains=search)
        )
    if status == "blocked":
        suppliers = suppliers.filter(blocked=True)
    elif status == "active":
        suppliers = suppliers.filter(blocked=False, active=True)
    elif status == "inactive":
        suppliers = suppliers.filter(active=False)
    return suppliers


def customers_visible_to(actor: Employee | None) -> QuerySet[Customer]:
    """The customers within the actor's scope for masterdata.view_customer (ORG-2, ORG-4)."""
    return access.scope(
        Customer.objects.select_related("region", "department", "owner").order_by("code"),
        actor,
        VIEW_CUSTOMER,
    )


def search_customers(
    customers: QuerySet[Customer],
    *,
    search: str = "",
    region: Region | None = None,
    kind: str = "",
) -> QuerySet[Customer]:
    """Filter by region (with the regions below it), type, and code/name/contact search."""
    search = (search or "").strip()
    if search:
        customers = customers.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(contact_person__icontains=search)
            | Q(phone__icontains=search)
        )
    if region is not None:
        customers = customers.filter(region__path__startswith=region.path)
    if kind in Customer.Kind.values:
        customers = customers.filter(kind=kind)
    return customers


def contacts_of(party: Supplier | Customer) -> QuerySet[Contact]:
    if isinstance(party, Supplier):
        return Contact.objects.filter(supplier=party).order_by("name", "pk")
    return Contact.objects.filter(customer=party).order_by("name", "pk")


def departments_for(actor: Employee, code: str) -> list[Department]:
    """The departments in which ``code`` lets the actor create records (for form choices):
    those in scope, and their own department if they hold ``code`` for their own records."""
    return [
        d
        for d in Department.objects.filter(active=True).order_by("path")
        if may_hold_in(actor, code, d, actor)
    ]


def active_employees() -> QuerySet[Employee]:
    return Employee.objects.filter(active=True).select_related("department").order_by("name")


# ----------------------------------------------------------------------------- warehouses


def warehouses() -> QuerySet[Warehouse]:
    """Warehouses with their locations (in code order)."""
    return Warehouse.objects.order_by("code").prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("code"))
    )


def locations() -> QuerySet[Location]:
    return Location.objects.select_related("warehouse").order_by("warehouse__code", "code")


# ----------------------------------------------------------------------------- regions


@dataclass
class RegionNode:
    region: Region
    depth: int
    customers: int = 0
    children: list[RegionNode] = field(default_factory=list)


def regions() -> QuerySet[Region]:
    """All regions, a parent before its children (by materialised path)."""
    return Region.objects.select_related("parent", "manager").order_by("path")


def depth(region: Region) -> int:
    return max(region.path.count("/") - 2, 0)


def region_choices() -> list[tuple[int, str]]:
    """(id, indented name) in tree order, for selects."""
    return [(r.pk, f"{'　' * depth(r)}{r.name} ({r.code})") for r in regions_in_tree_order()]


def regions_tree(customers: QuerySet[Customer] | None = None) -> list[RegionNode]:
    """The regions as a tree (SALES-6), siblings in the order they were created; with
    ``customers``, each node counts those of them in its region and the regions below it."""
    direct: dict[int, int] = {}
    if customers is not None:
        direct = {
            row["region"]: row["n"]
            for row in customers.order_by().values("region").annotate(n=Count("pk"))
        }
    nodes: dict[int, RegionNode] = {}
    roots: list[RegionNode] = []
    for region in regions():
        node = RegionNode(region, depth(region), direct.get(region.pk, 0))
        nodes[region.pk] = node
        parent = nodes.get(region.parent_id) if region.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda child: child.region.pk)
    roots.sort(key=lambda node: node.region.pk)
    _add_up(roots)
    return roots


def regions_in_tree_order() -> list[Region]:
    """All regions, each parent followed by its subtree (pre-order)."""
    ordered: list[Region] = []

    def walk(nodes: list[RegionNode]) -> None:
        for node in nodes:
            ordered.append(node.region)
            walk(node.children)

    walk(regions_tree())
    return ordered


def _add_up(nodes: Iterable[RegionNode]) -> int:
    total = 0
    for node in nodes:
        node.customers += _add_up(node.children)
        total += node.customers
    return total
