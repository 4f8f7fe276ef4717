"""Given-steps for sales tests, on top of the real services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.stock import item, person
from yunying.masterdata.models import Customer
from yunying.sales.models import Delivery, SalesOrder
from yunying.sales.services import deliveries, orders


def customer(code: str) -> Customer:
    return Customer.objects.get(code=code)


def draft_order(
    customer_code: str,
    lines: dict[str, tuple[int, int]],
    *,
    by: str = "ops_specialist",
    days: int = 7,
    backorder: bool = False,
) -> SalesOrder:
    """Given a draft order: ``lines`` maps item code to (quantity, unit price)."""
    return orders.create_order(
        customer=customer(customer_code),
        promised_date=timezone.localdate() + datetime.timedelta(days=days),
        lines=[
            orders.OrderLine(item(code), Decimal(q), Decimal(p), allow_backorder=backorder)
            for code, (q, p) in lines.items()
        ],
        actor=person(by),
    )


def confirmed_order(
    customer_code: str, lines: dict[str, tuple[int, int]], **kwargs: object
) -> SalesOrder:
    order = draft_order(customer_code, lines, **kwargs)  # type: ignore[arg-type]
    return orders.confirm_order(order=order, actor=person("ops_specialist"))


def ship_and_deliver(order: SalesOrder) -> Delivery:
    delivery = order.deliveries.get(state="notice")
    deliveries.ship(
        delivery=delivery,
        carrier="顺丰物流",
        tracking_number="SF1234567890",
        actor=person("logistics_clerk"),
    )
    return deliveries.mark_delivered(delivery=delivery, actor=person("logistics_clerk"))
