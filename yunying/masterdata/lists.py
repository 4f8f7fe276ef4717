"""The master data lists as ``core.lists`` describes them, for sorting and saved filters: items,
customers and suppliers keep their own downloads (``masterdata.services.exports``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core import access
from yunying.core.lists import ListSpec
from yunying.core.models import Employee
from yunying.core.params import as_id

from . import selectors
from .models import Customer, Item, Supplier


def _text(params: Mapping[str, Any], name: str) -> str:
    return str(params.get(name) or "")


def item_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Item]:
    return selectors.items(
        search=_text(params, "q"),
        category=selectors.category_by_key(_text(params, "category")),
        active={"1": True, "0": False}.get(_text(params, "active")),
    )


def customer_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Customer]:
    region_id = as_id(params.get("region"))
    region = selectors.regions().filter(pk=region_id).first() if region_id is not None else None
    return selectors.search_customers(
        selectors.customers_visible_to(actor),
        search=_text(params, "q"),
        region=region,
        kind=_text(params, "kind"),
    )


def supplier_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Supplier]:
    return selectors.search_suppliers(
        selectors.suppliers_visible_to(actor),
        search=_text(params, "q"),
        status=_text(params, "status"),
    )


ITEMS = ListSpec(
    name="masterdata.items",
    title=_("Items"),
    url_name="masterdata:items",
    rows=item_rows,
    sorts={"code": ("code",), "name": ("name",), "category": ("category__code",)},
    default=("code", "id"),
    columns=(),
    may_read=lambda actor: True,
    export=False,
)

CUSTOMERS = ListSpec(
    name="masterdata.customers",
    title=_("Customers"),
    url_name="masterdata:customers",
    rows=customer_rows,
    sorts={"code": ("code",), "name": ("name",), "region": ("region__code",)},
    default=("code", "id"),
    columns=(),
    may_read=lambda actor: access.has_perm(actor, selectors.VIEW_CUSTOMER),
    export=False,
)

SUPPLIERS = ListSpec(
    name="masterdata.suppliers",
    title=_("Suppliers"),
    url_name="masterdata:suppliers",
    rows=supplier_rows,
    sorts={"code": ("code",), "name": ("name",)},
    default=("code", "id"),
    columns=(),
    may_read=lambda actor: access.has_perm(actor, selectors.VIEW_SUPPLIER),
    export=False,
)

SPECS = (ITEMS, CUSTOMERS, SUPPLIERS)
