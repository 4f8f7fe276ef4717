"""The opening stock import: its sheet (item, warehouse, location, quantity, unit cost), every
row checked, then all rows posted as one opening stock document through
:mod:`.opening` (inventory.import_opening, INV-1); nothing is posted if any row is wrong.

The Excel import page belongs to master data; this kind is offered there by registering it
(:func:`register`, called from ``InventoryConfig.ready()``)."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import DomainError
from yunying.core.models import Employee
from yunying.masterdata.models import Item, Location, Warehouse
from yunying.masterdata.services.imports import (
    NOT_NEGATIVE,
    Column,
    ImportResult,
    Raw,
    Row,
    RowError,
    Sheet,
    by_code,
    codes,
    describe,
    read_rows,
    register_kind,
)

from .opening import IMPORT, OpeningLine, post_opening_stock

OPENING = Sheet(
    "opening",
    gettext_lazy("Opening stock"),
    IMPORT,
    (
        Column("item", gettext_lazy("Item code"), True, "PV-M550"),
        Column("warehouse", gettext_lazy("Warehouse code"), True, "HF"),
        Column(
            "location",
            gettext_lazy("Location code"),
            True,
            "A-01",
            gettext_lazy("a location of that warehouse"),
        ),
        Column(
            "quantity",
            gettext_lazy("Quantity"),
            True,
            100,
            gettext_lazy("a number greater than zero"),
        ),
        Column("unit_cost", gettext_lazy("Unit cost"), True, 620, NOT_NEGATIVE),
    ),
)


def register() -> None:
    """Offer the opening stock import on the master data import page."""
    register_kind(
        OPENING,
        import_opening_stock,
        done=_posted,
        note=gettext_lazy(
            "All rows are posted as one opening stock document; nothing is posted if any row "
            "is wrong."
        ),
        clause="INV-1",
    )


def _posted(result: ImportResult) -> str:
    return _("Opening stock posted as %(number)s: %(n)s lines.") % {
        "number": result.number,
        "n": result.created,
    }


class _Lines:
    """The rows read into opening lines, with the items, warehouses and locations they name;
    an item may appear once per location."""

    def __init__(self, raws: list[Raw]) -> None:
        self.items = by_code(Item, codes(raws, "item"))
        self.warehouses = by_code(Warehouse, codes(raws, "warehouse"))
        self.locations = {
            (loc.warehouse_id, loc.code): loc
            for loc in Location.objects.filter(warehouse__in=list(self.warehouses.values()))
        }
        self.lines: list[OpeningLine] = []
        self.seen: dict[tuple[int, int], int] = {}

    def add(self, row: Row) -> None:
        item = row.lookup("item", self.items, _("No item has the code “%(code)s”."))
        location = self._location(row)
        quantity = row.decimal("quantity", places=3, positive=True)
        unit_cost = row.decimal("unit_cost", places=4)
        if not (row.ok and item and location and quantity is not None and unit_cost is not None):
            return
        key = (item.pk, location.pk)
        if key in self.seen:
            row.error(
                "location",
                _("%(item)s at %(location)s appears already in row %(row)s.")
                % {"item": item.code, "location": location, "row": self.seen[key]},
            )
            return
        self.seen[key] = row.number
        self.lines.append(OpeningLine(item.pk, location.pk, quantity, unit_cost))

    def _location(self, row: Row) -> Location | None:
        warehouse = row.lookup(
            "warehouse", self.warehouses, _("No warehouse has the code “%(code)s”.")
        )
        code = row.text("location", Location, "code")
        if not code or warehouse is None:
            return None
        location = self.locations.get((warehouse.pk, code))
        if location is None:
            row.error(
                "location",
                _("%(warehouse)s has no location “%(code)s”.")
                % {"warehouse": warehouse.code, "code": code},
            )
        elif not location.active:
            row.error("location", _("The location “%(code)s” is not active.") % {"code": code})
        return location


def import_opening_stock(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Opening stock: every row checked, then all posted as one document through
    ``inventory.services.opening`` (inventory.import_opening); nothing is posted otherwise."""
    access.require(actor, IMPORT)
    errors: list[RowError] = []
    raws = read_rows(file, OPENING, errors)
    if errors:
        return ImportResult(errors=errors)
    lines = _Lines(raws)
    for raw in raws:
        lines.add(Row(OPENING, raw, errors))
    if errors:
        return ImportResult(errors=errors)
    try:
        number = post_opening_stock(lines=lines.lines, actor=actor).number
    except DomainError as error:
        return ImportResult(errors=[RowError(None, "", describe(error))])
    return ImportResult(created=len(lines.lines), number=number)
