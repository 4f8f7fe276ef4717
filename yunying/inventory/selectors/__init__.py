"""Reading stock: availability, balances, the ledger, the overview charts, the stocktake
schedule, and the invariant ledger = balances.

Other apps and the inventory's own pages read through this package (``selectors.available``,
``selectors.ledger`` …); the reads live in ``stock``, ``ledger``, ``overview`` and
``stocktakes``."""

from __future__ import annotations

from .common import MANAGE_STOCKTAKE, MOVE, QTY_STEP, QTY_ZERO, VALUE_STEP, VIEW, ZERO
from .documents import issues_visible_to, openings_visible_to
from .ledger import (
    LEDGER_ORDER,
    SOURCE_PAGES,
    Mismatch,
    ledger,
    ledger_mismatches,
    ledger_search,
    source_url,
)
from .overview import (
    WeekReceipts,
    items_below_safety,
    receipts_per_week,
    value_by_category,
    weekly_receipts,
)
from .stock import (
    ItemAvailability,
    ItemStock,
    alerts,
    available,
    balances,
    closed_periods,
    item_availability,
    items_below_safety_ids,
    open_alert,
    open_alerts,
    reservations_of,
    stock_by_item,
    stock_list,
    stock_totals,
    transfers_visible_to,
)
from .stocktakes import (
    LocationSchedule,
    overdue_locations,
    stocktake_lines,
    stocktake_schedule,
    stocktakes_visible_to,
)

__all__ = [
    "LEDGER_ORDER",
    "MANAGE_STOCKTAKE",
    "MOVE",
    "QTY_STEP",
    "QTY_ZERO",
    "SOURCE_PAGES",
    "VALUE_STEP",
    "VIEW",
    "ZERO",
    "ItemAvailability",
    "ItemStock",
    "LocationSchedule",
    "Mismatch",
    "WeekReceipts",
    "alerts",
    "available",
    "balances",
    "closed_periods",
    "issues_visible_to",
    "item_availability",
    "items_below_safety",
    "items_below_safety_ids",
    "ledger",
    "ledger_mismatches",
    "ledger_search",
    "open_alert",
    "open_alerts",
    "openings_visible_to",
    "overdue_locations",
    "receipts_per_week",
    "reservations_of",
    "source_url",
    "stock_by_item",
    "stock_list",
    "stock_totals",
    "stocktake_lines",
    "stocktake_schedule",
    "stocktakes_visible_to",
    "transfers_visible_to",
    "value_by_category",
    "weekly_receipts",
]
