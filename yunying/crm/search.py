"""What the search box finds in customer relations (``core.search``): contact records by
number or subject, intelligence by competitor or product, within the scope of their lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from . import selectors


def contacts(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not selectors.may_see_contacts(actor):
        return []
    return search.find_in(
        selectors.contacts_visible_to(actor),
        query,
        limit,
        match=("number", "subject"),
        label="number",
        detail=("subject", "occurred_at"),
        url="crm:contact",
    )


def intel(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not selectors.may_see_intel(actor):
        return []
    return search.find_in(
        selectors.intel_visible_to(actor),
        query,
        limit,
        match=("competitor__name", "product"),
        label="product",
        detail=("competitor__name", "observed_on"),
        url="crm:intel_entry",
    )


def promotions(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not selectors.may_see_promotions(actor):
        return []
    return search.find_in(
        selectors.promotions_visible_to(actor),
        query,
        limit,
        match=("number", "name"),
        label="number",
        detail=("name", "starts_on"),
        url="crm:promotion",
    )


def register() -> None:
    search.register("crm.contacts", _("Contact log"), contacts, order=60)
    search.register("crm.intel", _("Market intelligence"), intel, order=61)
    search.register("crm.promotions", _("Promotions"), promotions, order=62)
