"""Customers and suppliers as other pages link to them, read as their own pages read them."""

from __future__ import annotations

from yunying.core import links

from . import selectors
from .models import Customer, Supplier


def register() -> None:
    links.register(Customer, "masterdata:customer", selectors.customers_visible_to)
    links.register(Supplier, "masterdata:supplier", selectors.suppliers_visible_to)
