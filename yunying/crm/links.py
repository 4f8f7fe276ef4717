"""The records of customer relations other pages link to, each read as its own page reads it."""

from __future__ import annotations

from yunying.core import links

from . import selectors
from .models import ContactRecord, MarketIntel, Promotion


def register() -> None:
    links.register(ContactRecord, "crm:contact", selectors.contacts_visible_to)
    links.register(MarketIntel, "crm:intel_entry", selectors.intel_visible_to)
    links.register(Promotion, "crm:promotion", selectors.promotions_visible_to)
