"""What the search box finds in sales (``core.search``): orders, deliveries and receivables by
number, each within the scope its list uses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from .selectors.scope import (
    DELIVERY_READERS,
    ORDER_READERS,
    RECEIVABLE_READERS,
    deliveries_visible_to,
    holds_any,
    orders_visible_to,
    receivables_visible_to,
)


def orders(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not holds_any(actor, ORDER_READERS):
        return []
    return search.find_in(
        orders_visible_to(actor),
        query,
        limit,
        match=("number", "customer_reference"),
        label="number",
        detail=("customer__name", "order_date"),
        url="sales:order",
    )


def deliveries(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not holds_any(actor, DELIVERY_READERS):
        return []
    return search.find_in(
        deliveries_visible_to(actor),
        query,
        limit,
        match=("number", "tracking_number"),
        label="number",
        detail=("order__number", "order__customer__name"),
        url="sales:delivery",
    )


def receivables(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not holds_any(actor, RECEIVABLE_READERS):
        return []
    return search.find_in(
        receivables_visible_to(actor),
        query,
        limit,
        match=("number",),
        label="number",
        detail=("customer__name", "due_date"),
        url="sales:receivable",
    )


def register() -> None:
    search.register("sales.orders", _("Sales orders"), orders, order=60)
    search.register("sales.deliveries", _("Deliveries"), deliveries, order=61)
    search.register("sales.receivables", _("Receivables"), receivables, order=62)
