"""The inventory lists as ``core.lists`` describes them: the stock ledger (keyset pages in the
chosen order, its download with costs and values audited for those who see prices) and the
lists of stock documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core import access
from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee
from yunying.masterdata.selectors import prices_visible

from . import selectors
from .forms import LedgerFilterForm, StockFilterForm, filters
from .models import (
    LedgerKind,
    MaterialIssue,
    OpeningStock,
    StockBalance,
    StockLedgerEntry,
    Stocktake,
    StockTransfer,
)
from .selectors.documents import ISSUE, OPENING


def ledger_filtered(form: LedgerFilterForm) -> QuerySet[StockLedgerEntry]:
    """The ledger entries the filter form chose; an unknown item code chooses none."""
    chosen = filters(form)
    entries = selectors.ledger_search(
        item=chosen.get("item"),
        location=chosen.get("location"),
        kind=chosen.get("kind", ""),
        number=chosen.get("number", "").strip(),
        date_from=chosen.get("date_from"),
        date_to=chosen.get("date_to"),
    )
    if form.is_bound and "item" in form.errors:  # an unknown item code: nothing, not everything
        return entries.none()
    return entries


def ledger_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[StockLedgerEntry]:
    return ledger_filtered(LedgerFilterForm(params or None))


def stock_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[StockBalance]:
    chosen = filters(StockFilterForm(params or None))
    return selectors.stock_list(
        warehouse_id=chosen["warehouse"].pk if "warehouse" in chosen else None,
        location_id=chosen["location"].pk if "location" in chosen else None,
        category_id=chosen["category"].pk if "category" in chosen else None,
        search=chosen.get("q", "").strip(),
        below_safety=bool(chosen.get("below")),
    )


def _may_read(actor: Employee) -> bool:
    return access.has_perm(actor, selectors.VIEW)


LEDGER = ListSpec(
    name="inventory.ledger",
    title=_("Stock ledger"),
    url_name="inventory:ledger",
    rows=ledger_rows,
    # Each sort is read down an index ending in the id (keyset pages): see StockLedgerEntry.
    sorts={
        "posted": ("posted_at",),
        "date": ("posting_date",),
        "document": ("source_number",),
    },
    default=selectors.LEDGER_ORDER,
    columns=(
        Column(_("Posted at"), "posted_at"),
        Column(_("Posting date"), "posting_date"),
        Column(_("Document"), "source_number", text=True),
        Column(_("Kind"), "kind", choices=LedgerKind.choices),
        Column(_("Item code"), "item__code", text=True),
        Column(_("Item name"), "item__name"),
        Column(_("Unit"), "item__unit"),
        Column(_("Warehouse"), "location__warehouse__name"),
        Column(_("Location"), "location__code", text=True),
        Column(_("Quantity"), "quantity"),
        Column(_("Unit cost"), "unit_cost", shown=prices_visible),
        Column(_("Value"), "value", shown=prices_visible),
        Column(_("Posted by"), "actor__name"),
    ),
    may_read=_may_read,
    what="inventory.stockledgerentry",
    audited=prices_visible,
    filename="stock-ledger",
)


# ----------------------------------------------------------------------------- documents


def _documents(rows: QuerySet[Any], params: Mapping[str, Any], *search: str) -> QuerySet[Any]:
    """A document list filtered by ``state`` and by ``q`` in the ``search`` fields."""
    state = str(params.get("state") or "")
    if state in rows.model.State.values:
        rows = rows.filter(state=state)
    q = str(params.get("q") or "").strip()
    if q and search:
        condition = Q()
        for name in search:
            condition |= Q(**{f"{name}__icontains": q})
        rows = rows.filter(condition)
    return rows


def transfer_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[StockTransfer]:
    return _documents(selectors.transfers_visible_to(actor), params, "number", "note")


def issue_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[MaterialIssue]:
    return _documents(selectors.issues_visible_to(actor), params, "number", "reason")


def stocktake_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Stocktake]:
    return _documents(selectors.stocktakes_visible_to(actor), params, "number", "note")


def opening_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[OpeningStock]:
    return _documents(selectors.openings_visible_to(actor), params, "number", "note")


def _holds(*codes: str) -> Callable[[Employee], bool]:
    return lambda actor: any(access.has_perm(actor, code) for code in codes)


DOCUMENT_SORTS = {"number": ("number",), "created": ("created_at",), "state": ("state",)}

TRANSFERS = ListSpec(
    name="inventory.transfers",
    title=_("Stock transfers"),
    url_name="inventory:transfers",
    rows=transfer_rows,
    sorts={**DOCUMENT_SORTS, "posting_date": ("posting_date",)},
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Posting date"), "posting_date"),
        Column(_("State"), "state", choices=StockTransfer.State.choices),
        Column(_("Note"), "note"),
        Column(_("Entered by"), "created_by__name"),
        Column(_("Created"), "created_at"),
    ),
    may_read=_holds(selectors.VIEW, selectors.MOVE),
    filename="stock-transfers",
)

ISSUES = ListSpec(
    name="inventory.issues",
    title=_("Material issues"),
    url_name="inventory:issues",
    rows=issue_rows,
    sorts={**DOCUMENT_SORTS, "posting_date": ("posting_date",)},
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Purpose"), "purpose", choices=MaterialIssue.Purpose.choices),
        Column(_("Requester"), "requester__name"),
        Column(_("Department"), "department__name"),
        Column(_("Reason"), "reason"),
        Column(_("Value at standard cost"), "amount", shown=prices_visible),
        Column(_("Posting date"), "posting_date"),
        Column(_("State"), "state", choices=MaterialIssue.State.choices),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=_holds(selectors.VIEW, ISSUE),
    filename="material-issues",
)

STOCKTAKES = ListSpec(
    name="inventory.stocktakes",
    title=_("Stocktakes"),
    url_name="inventory:stocktakes",
    rows=stocktake_rows,
    sorts={**DOCUMENT_SORTS, "planned": ("planned_date",)},
    default=("-planned_date", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Planned date"), "planned_date"),
        Column(_("State"), "state", choices=Stocktake.State.choices),
        Column(_("Note"), "note"),
        Column(_("Counting started"), "started_at"),
        Column(_("Posted at"), "posted_at"),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=_holds(selectors.VIEW, selectors.MANAGE_STOCKTAKE),
    filename="stocktakes",
)

OPENINGS = ListSpec(
    name="inventory.openings",
    title=_("Opening stock"),
    url_name="inventory:openings",
    rows=opening_rows,
    sorts={**DOCUMENT_SORTS, "posting_date": ("posting_date",)},
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Posting date"), "posting_date"),
        Column(_("State"), "state", choices=OpeningStock.State.choices),
        Column(_("Note"), "note"),
        Column(_("Entered by"), "created_by__name"),
        Column(_("Created"), "created_at"),
    ),
    may_read=_holds(selectors.VIEW, OPENING),
    filename="opening-stock",
)

# The stock list keeps its own download (``inventory.downloads``): sorting and saved filters.
STOCK = ListSpec(
    name="inventory.stock",
    title=_("Stock"),
    url_name="inventory:stock",
    rows=stock_rows,
    sorts={
        "item": ("item__code",),
        "category": ("item__category__code",),
        "location": ("location__warehouse__code", "location__code"),
        "on_hand": ("on_hand",),
        "available": ("free",),
    },
    default=("item__code", "location__warehouse__code", "location__code", "id"),
    columns=(),
    may_read=_may_read,
    export=False,
)

SPECS = (LEDGER, STOCK, TRANSFERS, ISSUES, STOCKTAKES, OPENINGS)
