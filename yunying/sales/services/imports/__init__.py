"""Excel import of sales orders, and the template to fill in (SALES-1).

One row per order line: customer code, promised date, customer's order number, item code,
quantity, unit price (empty: the item's list price) and whether a backorder is allowed. Rows
with the same customer code and customer's order number form one order. The import is all or
nothing, as the master data imports are: every row is read and checked first and, if any row is
wrong, nothing is written and each problem is returned with its row (as Excel numbers it, the
header is row 1) and its column. Otherwise every order is created as a draft through
:func:`.orders.create_order` (checked and audited) in one transaction; a refused order rolls
back all of them.

Where things are: ``sheet`` (the columns, the template, reading rows and cells) and ``drafts``
(the orders the rows form, and writing them).
"""

from __future__ import annotations

from .drafts import FIELD_COLUMNS, LINE_FIELDS, MANAGE, OrderImportResult, import_orders
from .sheet import COLUMNS, DATE_FORMATS, MAX_ROWS, template

__all__ = [
    "COLUMNS",
    "DATE_FORMATS",
    "FIELD_COLUMNS",
    "LINE_FIELDS",
    "MANAGE",
    "MAX_ROWS",
    "OrderImportResult",
    "import_orders",
    "template",
]
