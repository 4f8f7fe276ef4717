"""The sales records other pages link to, each read as its own page reads it."""

from __future__ import annotations

from yunying.core import links

from .models import Delivery, Receivable, SalesOrder
from .selectors.scope import deliveries_visible_to, orders_visible_to, receivables_visible_to


def register() -> None:
    links.register(SalesOrder, "sales:order", orders_visible_to)
    links.register(Delivery, "sales:delivery", deliveries_visible_to)
    links.register(Receivable, "sales:receivable", receivables_visible_to)
