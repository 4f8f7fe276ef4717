"""Excel imports of master data, and the kinds of import the import page offers.

An import is all or nothing: every row is read and checked first; if any row is wrong nothing
is written and the caller gets the list of errors, each naming the row as Excel numbers it (the
header is row 1) and the column. Otherwise each row creates a record or updates the one with the
same code, through the record's own service (each write checked and audited), inside one
transaction. Row errors are returned, never raised; a file that is not a workbook, or a missing
permission, raises the usual domain errors.

Where things are: ``sheets`` (columns), ``reading`` (the workbook's rows), ``cells`` (one row's
values), ``lookups`` (records by code), ``writing`` (all rows in one transaction), ``results``,
``template`` (the workbook to fill in), ``registry`` (the kinds offered), and one module per
kind: ``items``, ``parties`` (suppliers and customers). Other apps register their kinds with
:func:`register_kind` (opening stock: ``inventory.services.opening_import``).
"""

from __future__ import annotations

from .cells import Row
from .items import ITEMS, import_items
from .items import columns_for as _item_columns
from .lookups import by_code, codes, employees, unique_codes
from .parties import CUSTOMERS, SUPPLIERS, import_customers, import_suppliers
from .reading import MAX_ROWS, Raw, read_rows
from .registry import (
    ImportKind,
    columns_for,
    is_kind,
    kind_for,
    kinds,
    may_import,
    register_kind,
    run_import,
    sheet_for,
)
from .results import ImportResult, RowError, describe
from .sheets import NOT_NEGATIVE, Column, Sheet
from .template import template

register_kind(ITEMS, import_items, columns=_item_columns)
register_kind(SUPPLIERS, import_suppliers)
register_kind(CUSTOMERS, import_customers)

__all__ = [
    "CUSTOMERS",
    "ITEMS",
    "MAX_ROWS",
    "NOT_NEGATIVE",
    "SUPPLIERS",
    "Column",
    "ImportKind",
    "ImportResult",
    "Raw",
    "Row",
    "RowError",
    "Sheet",
    "by_code",
    "codes",
    "columns_for",
    "describe",
    "employees",
    "import_customers",
    "import_items",
    "import_suppliers",
    "is_kind",
    "kind_for",
    "kinds",
    "may_import",
    "read_rows",
    "register_kind",
    "run_import",
    "sheet_for",
    "template",
    "unique_codes",
]
