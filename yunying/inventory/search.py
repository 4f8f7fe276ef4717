"""What the search box finds in inventory (``core.search``): transfers, material issues,
stocktakes and opening stock by number, within the scope of their lists (none for those who
may see none: the query is not even sent)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from . import selectors


def transfers(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.transfers_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("posting_date", "note"),
        url="inventory:transfer",
    )


def issues(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.issues_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("requester__name", "posting_date"),
        url="inventory:issue",
    )


def stocktakes(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.stocktakes_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("planned_date",),
        url="inventory:stocktake",
    )


def openings(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.openings_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("posting_date",),
        url="inventory:opening",
    )


def register() -> None:
    search.register("inventory.transfers", _("Stock transfers"), transfers, order=50)
    search.register("inventory.issues", _("Material issues"), issues, order=51)
    search.register("inventory.stocktakes", _("Stocktakes"), stocktakes, order=52)
    search.register("inventory.openings", _("Opening stock"), openings, order=53)
