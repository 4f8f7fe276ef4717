"""The items import: its sheet, and new codes created, existing ones updated
(masterdata.manage_items). Prices are read only from those who may see them (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.models import Employee

from ...models import Item, ItemCategory, Supplier
from ...permissions import MANAGE_ITEMS, VIEW_PRICES, VIEW_SUPPLIER
from .. import items as records
from .cells import Row
from .lookups import by_code, codes, employees, unique_codes
from .reading import Raw, read_rows
from .results import ImportResult, RowError
from .sheets import DAYS, NAME, NOT_NEGATIVE, YES_NO, Column, Sheet
from .writing import Parsed, upsert

ITEMS = Sheet(
    "items",
    gettext_lazy("Items"),
    MANAGE_ITEMS,
    (
        Column("code", gettext_lazy("Item code"), True, "PV-M450"),
        Column("name", NAME, True, "单晶光伏组件"),
        Column("specification", gettext_lazy("Specification"), False, "450W 108 片"),
        Column("unit", gettext_lazy("Unit"), False, "块"),
        Column(
            "category",
            gettext_lazy("Category code"),
            True,
            "MOD",
            gettext_lazy("the code of an existing item category"),
        ),
        Column("safety_stock", gettext_lazy("Safety stock"), False, 100, NOT_NEGATIVE),
        Column("reorder_quantity", gettext_lazy("Reorder quantity"), False, 50, NOT_NEGATIVE),
        Column("lead_time_days", gettext_lazy("Lead time (days)"), False, 20, DAYS),
        Column(
            "default_supplier",
            gettext_lazy("Default supplier code"),
            False,
            "S001",
            gettext_lazy("the code of a supplier you may see"),
        ),
        Column("standard_cost", gettext_lazy("Standard cost"), False, 500, NOT_NEGATIVE),
        Column("sales_price", gettext_lazy("List price"), False, 620, NOT_NEGATIVE),
        Column(
            "planner",
            gettext_lazy("Planner (username)"),
            False,
            "ops_specialist",
            gettext_lazy("the username of the responsible specialist"),
        ),
        Column("active", gettext_lazy("Active"), False, "yes", YES_NO),
    ),
)


def columns_for(actor: Employee | None) -> tuple[Column, ...]:
    """The columns of the template; the prices only for those who may see them (ORG-4)."""
    if not access.has_perm(actor, VIEW_PRICES):
        return tuple(c for c in ITEMS.columns if c.key not in records.PRICE_FIELDS)
    return ITEMS.columns


def import_items(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Items: create new codes, update existing ones (masterdata.manage_items)."""
    access.require(actor, MANAGE_ITEMS)
    errors: list[RowError] = []
    raws = read_rows(file, ITEMS, errors)
    if errors:
        return ImportResult(errors=errors)
    tables = _tables(raws, actor)
    prices = access.has_perm(actor, VIEW_PRICES)
    existing = by_code(Item, codes(raws, "code"))
    parsed: Parsed = []
    for raw in raws:
        row = Row(ITEMS, raw, errors)
        code = row.text("code", Item)
        values = _values(row, tables, prices)
        if code:
            parsed.append((row, code, values))
    unique_codes([(row, code) for row, code, _values in parsed])
    if errors:
        return ImportResult(errors=errors)

    return upsert(
        ITEMS,
        parsed,
        existing,
        create=records.create_item,
        update=records.update_item,
        target="item",
        actor=actor,
    )


def _tables(raws: list[Raw], actor: Employee) -> dict[str, Mapping[str, Any]]:
    """The categories, suppliers (those the actor may see) and planners the rows name."""
    return {
        "category": by_code(ItemCategory, codes(raws, "category")),
        "default_supplier": by_code(
            Supplier,
            codes(raws, "default_supplier"),
            access.scope(Supplier.objects.all(), actor, VIEW_SUPPLIER),
        ),
        "planner": employees(raws, "planner"),
    }


def _values(row: Row, tables: Mapping[str, Mapping[str, Any]], prices: bool) -> dict[str, Any]:
    values = {
        "name": row.text("name", Item),
        "specification": row.text("specification", Item),
        "unit": row.text("unit", Item),
        "category": row.lookup(
            "category", tables["category"], _("No item category has the code “%(code)s”.")
        ),
        "safety_stock": row.decimal("safety_stock", places=3),
        "reorder_quantity": row.decimal("reorder_quantity", places=3),
        "lead_time_days": row.integer("lead_time_days"),
        "default_supplier": row.lookup(
            "default_supplier",
            tables["default_supplier"],
            _("No supplier you may see has the code “%(code)s”."),
        ),
        "planner": row.lookup(
            "planner", tables["planner"], _("No active employee has the username “%(code)s”.")
        ),
        "active": row.boolean("active"),
    }
    for key in records.PRICE_FIELDS:
        if not row.present(key):
            continue
        if not prices:
            row.error(key, _("Only those who may see prices may set them."))
            continue
        values[key] = row.decimal(key, places=4)
    return values
