"""The permission codes of the master data; ``apps.py`` registers them with their labels."""

from __future__ import annotations

MANAGE_ITEMS = "masterdata.manage_items"
VIEW_PRICES = "masterdata.view_prices"
VIEW_SUPPLIER = "masterdata.view_supplier"
MANAGE_SUPPLIER = "masterdata.manage_supplier"
VIEW_CUSTOMER = "masterdata.view_customer"
MANAGE_CUSTOMER = "masterdata.manage_customer"
