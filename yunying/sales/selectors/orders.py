"""Reading orders: open demand for replenishment (INV-2), the customers and prices a person
enters orders with, the order list's search, an order's lines and what is left to notice."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum

from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata.models import Customer, Item, Region

from ..models import SalesOrder, SalesOrderLine
from .scope import MANAGE_ORDER, VIEW_CUSTOMER, VIEW_PRICES


def open_demand(item_ids: set[int]) -> dict[int, Decimal]:
    """INV-2: what confirmed orders still have to ship, per item."""
    rows = (
        SalesOrderLine.objects.filter(
            item_id__in=item_ids,
            order__state__in=SalesOrder.OPEN_STATES,
            quantity__gt=F("shipped_quantity"),
        )
        .values_list("item_id")
        .annotate(q=Sum(F("quantity") - F("shipped_quantity")))
    )
    return dict(rows)


def customers_for_orders(actor: Employee) -> QuerySet[Customer]:
    """The active customers the actor may enter orders for: those their sales.manage_order
    reaches (by the customer's responsible department or person) and, for those who hold it,
    the customers they may see (ORG-4)."""
    customers = Customer.objects.filter(active=True).select_related("region").order_by("code")
    if not access.has_perm(actor, MANAGE_ORDER):
        return customers.none()
    reach = access.scope_filter(Customer, actor, MANAGE_ORDER)
    if reach is None:
        return customers
    if access.has_perm(actor, VIEW_CUSTOMER):
        seen = access.scope_filter(Customer, actor, VIEW_CUSTOMER)
        if seen is None:
            return customers
        reach |= seen
    return customers.filter(reach)


def quotes_list_prices(actor: Employee) -> bool:
    """Who enters orders quotes the items' list prices; others see them with
    masterdata.view_prices (ORG-4)."""
    return access.has_perm(actor, MANAGE_ORDER) or access.has_perm(actor, VIEW_PRICES)


def sellable_items() -> QuerySet[Item]:
    return Item.objects.filter(active=True).order_by("code")


def search_orders(
    orders: QuerySet[SalesOrder],
    *,
    search: str = "",
    state: str = "",
    customer: int | None = None,
    region: Region | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[SalesOrder]:
    """Orders by number, customer's reference, customer or item; state; customer; region with
    the regions below it; order date range."""
    search = (search or "").strip()
    if search:
        orders = orders.filter(
            Q(number__icontains=search)
            | Q(customer_reference__icontains=search)
            | Q(customer__code__icontains=search)
            | Q(customer__name__icontains=search)
            | Q(pk__in=SalesOrderLine.objects.filter(item__code__icontains=search).values("order"))
        )
    if state in SalesOrder.State.values:
        orders = orders.filter(state=state)
    if customer is not None:
        orders = orders.filter(customer_id=customer)
    if region is not None:
        orders = orders.filter(region__path__startswith=region.path)
    if start is not None:
        orders = orders.filter(order_date__gte=start)
    if end is not None:
        orders = orders.filter(order_date__lte=end)
    return orders


def order_lines(order: SalesOrder) -> QuerySet[SalesOrderLine]:
    return order.lines.select_related("item").order_by("pk")


def order_customers(orders: QuerySet[SalesOrder]) -> QuerySet[Customer]:
    """The customers of the given orders (for list filters)."""
    return Customer.objects.filter(pk__in=orders.values("customer_id")).order_by("code")


def remaining_to_notice(order: SalesOrder) -> list[tuple[SalesOrderLine, Decimal]]:
    """The lines of an open order not yet on a delivery notice, with what is left of each."""
    if order.state not in SalesOrder.OPEN_STATES:
        return []
    return [
        (line, line.quantity - line.noticed_quantity)
        for line in order_lines(order)
        if line.quantity > line.noticed_quantity
    ]
