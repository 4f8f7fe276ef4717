"""The stock documents other pages link to, each read as its own page reads it."""

from __future__ import annotations

from yunying.core import links

from . import selectors
from .models import MaterialIssue, OpeningStock, Stocktake, StockTransfer


def register() -> None:
    links.register(StockTransfer, "inventory:transfer", selectors.transfers_visible_to)
    links.register(MaterialIssue, "inventory:issue", selectors.issues_visible_to)
    links.register(OpeningStock, "inventory:opening", selectors.openings_visible_to)
    links.register(Stocktake, "inventory:stocktake", selectors.stocktakes_visible_to)
