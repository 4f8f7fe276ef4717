"""What the inventory pages share: the permissions they check, chart colours and the ledger
entries with the pages of their documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from yunying.core import access
from yunying.core.web import (
    actor,
)

from .. import selectors
from ..models import StockLedgerEntry
from ..services import periods

VIEW = selectors.VIEW
MOVE = selectors.MOVE
MANAGE_STOCKTAKE = selectors.MANAGE_STOCKTAKE
CLOSE = periods.CLOSE
REPLENISH = "inventory.manage_replenishment"
DRAFT_PLAN = "procurement.draft_plan"
GREEN, AMBER, GREY = "#0b6e4f", "#b7791f", "#9aa5b1"


def require_any(request: HttpRequest, *codes: str) -> None:
    if not any(access.has_perm(actor(request), code) for code in codes):
        raise PermissionDenied


def as_number(value: Decimal) -> float:
    """A quantity or value as a JSON number (charts, Excel cells)."""
    return float(value)


def with_sources(entries: Any) -> list[tuple[StockLedgerEntry, str | None]]:
    """Each ledger entry with the page of the document it comes from, where there is one."""
    return [(e, selectors.source_url(e.source_type, e.source_id)) for e in entries]
