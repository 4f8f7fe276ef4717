"""Excel exports of master data. Suppliers, customers and prices are protected data: every
export of them is audited (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.excel import build_workbook
from yunying.core.models import Employee
from yunying.core.services.org import record_export

from ..models import Customer, Item, Supplier
from ..permissions import VIEW_CUSTOMER, VIEW_PRICES, VIEW_SUPPLIER


def _number(value: Decimal) -> int | float:
    """A number Excel can sum (decimals would be written as text)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _yes_no(value: bool) -> str:
    return str(_("yes")) if value else str(_("no"))


def items_workbook(
    *, actor: Employee, items: QuerySet[Item], filters: Mapping[str, object]
) -> bytes:
    """The items as a workbook; the prices only for those who may see them (an export with
    prices is audited, ORG-4)."""
    prices = access.has_perm(actor, VIEW_PRICES)
    headers = [
        _("Item code"),
        capfirst(_("name")),
        _("Specification"),
        _("Unit"),
        _("Category"),
        _("Safety stock"),
        _("Reorder quantity"),
        _("Lead time (days)"),
        _("Planner"),
        _("Active"),
    ]
    if prices:
        headers += [_("Standard cost"), _("List price")]
    rows = []
    for item in items.select_related("category", "planner"):
        row: list[object] = [
            item.code,
            item.name,
            item.specification,
            item.unit,
            item.category.name,
            _number(item.safety_stock),
            _number(item.reorder_quantity),
            item.lead_time_days,
            item.planner.name if item.planner else "",
            _yes_no(item.active),
        ]
        if prices:
            row += [_number(item.standard_cost), _number(item.sales_price)]
        rows.append(row)
    content = build_workbook(str(_("Items")), headers, rows)
    if prices:
        record_export(actor=actor, what="masterdata.item", count=len(rows), filters=filters)
    return content


def _party_headers() -> list[str]:
    return [
        _("Code"),
        capfirst(_("name")),
        _("Contact person"),
        _("Phone"),
        _("Email"),
        _("Address"),
        _("Payment terms (days)"),
        _("Responsible department"),
        _("Responsible person"),
        _("Active"),
    ]


def _party_row(party: Supplier | Customer) -> list[object]:
    return [
        party.code,
        party.name,
        party.contact_person,
        party.phone,
        party.email,
        party.address,
        party.payment_terms_days,
        party.department.name,
        party.owner.name if party.owner else "",
        _yes_no(party.active),
    ]


def suppliers_workbook(
    *, actor: Employee, suppliers: QuerySet[Supplier], filters: Mapping[str, object]
) -> bytes:
    """The given (already scoped) suppliers as a workbook; the export is audited (ORG-4)."""
    access.require(actor, VIEW_SUPPLIER)
    headers = [*_party_headers(), _("Blocked"), _("Reason for blocking")]
    rows = [
        [*_party_row(s), _yes_no(s.blocked), s.block_reason]
        for s in suppliers.select_related("department", "owner")
    ]
    content = build_workbook(str(_("Suppliers")), headers, rows)
    record_export(actor=actor, what="masterdata.supplier", count=len(rows), filters=filters)
    return content


def customers_workbook(
    *, actor: Employee, customers: QuerySet[Customer], filters: Mapping[str, object]
) -> bytes:
    """The given (already scoped) customers as a workbook; the export is audited (ORG-4)."""
    access.require(actor, VIEW_CUSTOMER)
    headers = [*_party_headers(), _("Type"), _("Region"), _("Credit limit")]
    rows = [
        [*_party_row(c), c.get_kind_display(), c.region.name, _number(c.credit_limit)]
        for c in customers.select_related("department", "owner", "region")
    ]
    content = build_workbook(str(_("Customers")), headers, rows)
    record_export(actor=actor, what="masterdata.customer", count=len(rows), filters=filters)
    return content
