"""What the search box finds in procurement (``core.search``): purchase plans, contracts, goods
receipts and returns to suppliers by number, within the scope of their lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from . import selectors
from .lists import may_read_documents


def plans(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    return search.find_in(
        selectors.plans_visible_to(actor),
        query,
        limit,
        match=("number", "title"),
        label="number",
        detail=("title", "needed_by"),
        url="procurement:plan",
    )


def contracts(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not selectors.may_see_contracts(actor):
        return []
    return search.find_in(
        selectors.contracts_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("supplier__name", "signed_on"),
        url="procurement:contract",
    )


def receipts(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not may_read_documents(actor):
        return []
    return search.find_in(
        selectors.receipts_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("contract__number", "received_on"),
        url="procurement:receipt",
    )


def supplier_returns(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not may_read_documents(actor):
        return []
    return search.find_in(
        selectors.supplier_returns_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("receipt__number", "returned_on"),
        url="procurement:supplier_return",
    )


def register() -> None:
    search.register("procurement.plans", _("Purchase plans"), plans, order=40)
    search.register("procurement.contracts", _("Purchase contracts"), contracts, order=41)
    search.register("procurement.receipts", _("Goods receipts"), receipts, order=42)
    search.register(
        "procurement.supplier_returns", _("Returns to suppliers"), supplier_returns, order=43
    )
