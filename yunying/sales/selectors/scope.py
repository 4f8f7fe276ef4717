"""Who may see which sales records: the permission codes of the sales pages and API, and the
querysets of orders, deliveries, receivables and payments scoped to the acting employee
(ORG-2, ORG-4)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from yunying.core import access
from yunying.core.models import Employee

from ..models import Delivery, Payment, Receivable, SalesOrder

VIEW_ORDER = "sales.view_order"
VIEW_RECEIVABLE = "sales.view_receivable"
SHIP = "sales.ship"
RECORD_PAYMENT = "sales.record_payment"
MANAGE_ORDER = "sales.manage_order"
MANAGE_TARGET = "sales.manage_target"
VIEW_STATISTICS = "sales.view_statistics"
VIEW_CUSTOMER = "masterdata.view_customer"
VIEW_PRICES = "masterdata.view_prices"
ORDER_READERS = (MANAGE_ORDER, VIEW_ORDER)
DELIVERY_READERS = (SHIP, MANAGE_ORDER, VIEW_ORDER)
RECEIVABLE_READERS = (RECORD_PAYMENT, VIEW_RECEIVABLE)
TARGET_READERS = (MANAGE_TARGET, VIEW_STATISTICS)


def holds_any(actor: Employee, codes: Iterable[str]) -> bool:
    return any(access.has_perm(actor, code) for code in codes)


def orders_visible_to(actor: Employee) -> QuerySet[SalesOrder]:
    """Orders in the actor's scope for sales.view_order, and their own (ORG-4: orders carry
    customers and prices)."""
    orders = SalesOrder.objects.select_related("customer", "region", "created_by")
    scoped = access.scope_filter(SalesOrder, actor, VIEW_ORDER)
    return orders if scoped is None else orders.filter(Q(created_by=actor) | scoped)


def deliveries_visible_to(actor: Employee) -> QuerySet[Delivery]:
    """Logistics see every delivery; others the deliveries of the orders they may see."""
    deliveries = Delivery.objects.select_related("order__customer", "shipped_by")
    if access.has_perm(actor, SHIP) or access.scope_filter(SalesOrder, actor, VIEW_ORDER) is None:
        return deliveries  # every order is visible: no semi-join over the whole order table
    return deliveries.filter(order__in=orders_visible_to(actor).values("pk"))


def receivables_visible_to(actor: Employee) -> QuerySet[Receivable]:
    receivables = Receivable.objects.select_related("customer", "region", "order", "delivery")
    if access.has_perm(actor, RECORD_PAYMENT):
        return receivables
    scoped = access.scope_filter(Receivable, actor, VIEW_RECEIVABLE)
    return (
        receivables if scoped is None else receivables.filter(Q(order__created_by=actor) | scoped)
    )


def payments_visible_to(actor: Employee) -> QuerySet[Payment]:
    payments = Payment.objects.select_related("customer", "created_by")
    if access.has_perm(actor, RECORD_PAYMENT):
        return payments
    customers = receivables_visible_to(actor).values("customer_id")
    return payments.filter(customer_id__in=customers)
