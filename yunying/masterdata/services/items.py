"""Writing items and item categories. Prices are set only by those who may see them, and an
item's default supplier is one the actor may see (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.core.tx import transactional

from ..models import Item, ItemCategory
from ..permissions import MANAGE_ITEMS, VIEW_PRICES, VIEW_SUPPLIER
from . import fields as f

ITEM_FIELDS = (
    "name",
    "specification",
    "unit",
    "category",
    "safety_stock",
    "reorder_quantity",
    "lead_time_days",
    "default_supplier",
    "standard_cost",
    "sales_price",
    "planner",
    "active",
)
PRICE_FIELDS = ("standard_cost", "sales_price")


@transactional
def create_category(*, code: str, name: str, actor: Employee | None) -> ItemCategory:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    category = ItemCategory(code=f.unique_code(ItemCategory, code, _("category")))
    return f.save(
        category,
        f.clean(ItemCategory, {"name": name}),
        ("name",),
        actor,
        "masterdata.create_category",
    )


def _check_item_fields(
    actor: Employee | None, fields: Mapping[str, Any], item: Item | None
) -> None:
    """Prices are set only by those who may see them; the default supplier is one the actor
    may see (ORG-4)."""
    if actor is None:
        return
    if any(fields.get(name) is not None for name in PRICE_FIELDS) and not access.has_perm(
        actor, VIEW_PRICES
    ):
        raise NotAllowed(
            _("Only those who may see prices may set them."),
            field=next(name for name in PRICE_FIELDS if fields.get(name) is not None),
            clause="ORG-4",
        )
    supplier = fields.get("default_supplier")
    if (
        supplier is not None
        and (item is None or supplier.pk != item.default_supplier_id)
        and not access.in_scope(actor, VIEW_SUPPLIER, supplier)
    ):
        raise ValidationFailed(
            _("Choose a supplier within your data scope."), field="default_supplier"
        )


@transactional
def create_item(*, code: str, actor: Employee | None, **fields: Any) -> Item:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    fields = {k: v for k, v in fields.items() if not (k in PRICE_FIELDS and v is None)}
    _check_item_fields(actor, fields, None)
    item = Item(code=f.unique_code(Item, code, _("item")))
    if "category" not in fields or fields["category"] is None:
        raise ValidationFailed(_("Choose a category."), field="category")
    return f.save(item, f.clean(Item, fields), ITEM_FIELDS, actor, "masterdata.create_item")


@transactional
def update_item(*, item: Item, actor: Employee, **fields: Any) -> Item:
    """Change an item; a price given as ``None`` keeps the current price."""
    access.require(actor, MANAGE_ITEMS)
    fields = {k: v for k, v in fields.items() if not (k in PRICE_FIELDS and v is None)}
    if "category" in fields and fields["category"] is None:
        raise ValidationFailed(_("Choose a category."), field="category")
    item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
    _check_item_fields(actor, fields, item)
    return f.save(item, f.clean(Item, fields), ITEM_FIELDS, actor, "masterdata.update_item")
