"""Every writer of master data under one name, for callers that use several of them (setting
up a company, tests). Each lives in the module of its record: items, warehouses, suppliers,
customers, regions, contacts."""

from __future__ import annotations

from ..permissions import (
    MANAGE_CUSTOMER,
    MANAGE_ITEMS,
    MANAGE_SUPPLIER,
    VIEW_CUSTOMER,
    VIEW_PRICES,
    VIEW_SUPPLIER,
)
from .contacts import CONTACT_FIELDS, add_contact, remove_contact
from .customers import CUSTOMER_FIELDS, create_customer, update_customer
from .fields import DECIMALS, INTEGERS
from .items import ITEM_FIELDS, PRICE_FIELDS, create_category, create_item, update_item
from .parties import PARTY_FIELDS, may_hold_in
from .regions import create_region
from .suppliers import SUPPLIER_FIELDS, create_supplier, set_supplier_blocked, update_supplier
from .warehouses import (
    LOCATION_FIELDS,
    WAREHOUSE_FIELDS,
    create_location,
    create_warehouse,
    update_location,
    update_warehouse,
)

__all__ = [
    "CONTACT_FIELDS",
    "CUSTOMER_FIELDS",
    "DECIMALS",
    "INTEGERS",
    "ITEM_FIELDS",
    "LOCATION_FIELDS",
    "MANAGE_CUSTOMER",
    "MANAGE_ITEMS",
    "MANAGE_SUPPLIER",
    "PARTY_FIELDS",
    "PRICE_FIELDS",
    "SUPPLIER_FIELDS",
    "VIEW_CUSTOMER",
    "VIEW_PRICES",
    "VIEW_SUPPLIER",
    "WAREHOUSE_FIELDS",
    "add_contact",
    "create_category",
    "create_customer",
    "create_item",
    "create_location",
    "create_region",
    "create_supplier",
    "create_warehouse",
    "may_hold_in",
    "remove_contact",
    "set_supplier_blocked",
    "update_customer",
    "update_item",
    "update_location",
    "update_supplier",
    "update_warehouse",
]
