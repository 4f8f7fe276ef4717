"""Excel exports of master data, in the layout of their imports: the import's columns with the
import's headers, codes where the import reads codes (category, supplier, region, department)
and usernames where it reads usernames, so that an exported list imported again changes
nothing. Columns no import reads come last (active, blocked) and the import ignores them.
Suppliers, customers and prices are protected data: every export of them is audited (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.excel import build_workbook
from yunying.core.models import Employee
from yunying.core.services.org import record_export

from ..models import Customer, Item, Supplier
from ..permissions import VIEW_CUSTOMER, VIEW_PRICES, VIEW_SUPPLIER
from .imports import CUSTOMERS, ITEMS, SUPPLIERS, Column
from .imports import columns_for as import_columns

Row = tuple[Mapping[str, object], Sequence[object]]  # the import's values, then the extra ones


def _number(value: Decimal) -> int | float:
    """A number Excel can sum (decimals would be written as text)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _yes_no(value: bool) -> str:
    return str(_("yes")) if value else str(_("no"))


def _username(employee: Employee | None) -> str:
    """The username the import reads; empty (the import keeps the current one) for someone
    who has left."""
    if employee is None or not employee.active or employee.user_id is None:
        return ""
    return str(employee.user.username)


def _workbook(
    title: str, columns: Sequence[Column], rows: list[Row], extra: Sequence[str] = ()
) -> bytes:
    """One sheet: the import's ``columns``, then ``extra`` columns no import reads; the columns
    of codes and phone numbers are formatted as text."""
    headers = [*(str(c.label) for c in columns), *extra]
    text = [index for index, column in enumerate(columns) if column.text]
    cells = [[values.get(c.key, "") for c in columns] + list(more) for values, more in rows]
    return build_workbook(title, headers, cells, text_columns=text)


def items_workbook(
    *, actor: Employee, items: QuerySet[Item], filters: Mapping[str, object]
) -> bytes:
    """The items in the layout of the items import; the prices only for those who may see
    them (an export with prices is audited, ORG-4), the default supplier only where the actor
    may see it (elsewhere empty, which the import reads as "keep")."""
    prices = access.has_perm(actor, VIEW_PRICES)
    suppliers = set(
        access.scope(Supplier.objects.all(), actor, VIEW_SUPPLIER).values_list("pk", flat=True)
    )
    rows: list[Row] = [
        (_item_values(item, item.default_supplier_id in suppliers), ())
        for item in items.select_related("category", "default_supplier", "planner__user")
    ]
    content = _workbook(str(_("Items")), import_columns(actor, ITEMS.kind), rows)
    if prices:
        record_export(actor=actor, what="masterdata.item", count=len(rows), filters=filters)
    return content


def _item_values(item: Item, supplier_seen: bool) -> dict[str, object]:
    supplier = item.default_supplier
    return {
        "code": item.code,
        "name": item.name,
        "specification": item.specification,
        "unit": item.unit,
        "category": item.category.code,
        "safety_stock": _number(item.safety_stock),
        "reorder_quantity": _number(item.reorder_quantity),
        "lead_time_days": item.lead_time_days,
        "default_supplier": supplier.code if supplier is not None and supplier_seen else "",
        "standard_cost": _number(item.standard_cost),
        "sales_price": _number(item.sales_price),
        "planner": _username(item.planner),
        "active": _yes_no(item.active),
    }


def _party_values(party: Supplier | Customer) -> dict[str, object]:
    return {
        "code": party.code,
        "name": party.name,
        "contact_person": party.contact_person,
        "phone": party.phone,
        "email": party.email,
        "address": party.address,
        "payment_terms_days": party.payment_terms_days,
        "department": party.department.code,
        "owner": _username(party.owner),
    }


def suppliers_workbook(
    *, actor: Employee, suppliers: QuerySet[Supplier], filters: Mapping[str, object]
) -> bytes:
    """The given (already scoped) suppliers in the layout of the suppliers import, then
    whether each is active and blocked (with the reason); the export is audited (ORG-4)."""
    access.require(actor, VIEW_SUPPLIER)
    rows: list[Row] = [
        (_party_values(s), (_yes_no(s.active), _yes_no(s.blocked), s.block_reason))
        for s in suppliers.select_related("department", "owner__user")
    ]
    extra = [_("Active"), _("Blocked"), _("Reason for blocking")]
    content = _workbook(str(_("Suppliers")), SUPPLIERS.columns, rows, extra)
    record_export(actor=actor, what="masterdata.supplier", count=len(rows), filters=filters)
    return content


def customers_workbook(
    *, actor: Employee, customers: QuerySet[Customer], filters: Mapping[str, object]
) -> bytes:
    """The given (already scoped) customers in the layout of the customers import, then
    whether each is active; the export is audited (ORG-4)."""
    access.require(actor, VIEW_CUSTOMER)
    rows: list[Row] = [
        (
            {
                **_party_values(c),
                "kind": c.get_kind_display(),
                "region": c.region.code,
                "credit_limit": _number(c.credit_limit),
            },
            (_yes_no(c.active),),
        )
        for c in customers.select_related("department", "owner__user", "region")
    ]
    content = _workbook(str(_("Customers")), CUSTOMERS.columns, rows, [_("Active")])
    record_export(actor=actor, what="masterdata.customer", count=len(rows), filters=filters)
    return content
