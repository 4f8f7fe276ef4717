"""What the search box finds in master data (``core.search``): items by code or name, and the
customers and suppliers within the reader's scope of their pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from . import selectors
from .models import Item


def items(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        Item.objects.all(),
        query,
        limit,
        match=("code", "name"),
        label="code",
        detail=("name", "specification"),
        url="masterdata:item",
        order=("code",),
    )


def customers(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.customers_visible_to(actor),
        query,
        limit,
        match=("code", "name"),
        label="code",
        detail=("name",),
        url="masterdata:customer",
        order=("code",),
    )


def suppliers(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.suppliers_visible_to(actor),
        query,
        limit,
        match=("code", "name"),
        label="code",
        detail=("name",),
        url="masterdata:supplier",
        order=("code",),
    )


def register() -> None:
    search.register("masterdata.items", _("Items"), items, order=20)
    search.register("masterdata.customers", _("Customers"), customers, order=21)
    search.register("masterdata.suppliers", _("Suppliers"), suppliers, order=22)
