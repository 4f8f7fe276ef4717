"""Reading deliveries: late ones (SALES-3, with the regulation's grace days), the delivery
list's search, a delivery's lines, problems and returns, the returns locations and the carriers
to suggest."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yunying.masterdata.models import Location
from yunying.policy import selectors as policy

from ..models import CustomerReturn, Delivery, DeliveryLine, ReceiptProblem, SalesOrder


def grace_days() -> int:
    return int(policy.parameter("sales.delivery_grace_days").value)


def late_deliveries(*, today: datetime.date | None = None) -> QuerySet[Delivery]:
    """Deliveries not delivered although the promised date (plus the regulation's grace) has
    passed (SALES-3)."""
    day = today or timezone.localdate()
    grace = int(policy.parameter("sales.delivery_grace_days").value)
    return (
        Delivery.objects.filter(
            state__in=[Delivery.State.NOTICE, Delivery.State.SHIPPED],
            order__promised_date__lt=day - datetime.timedelta(days=grace),
        )
        .select_related("order__customer", "order__created_by")
        .order_by("order__promised_date")
    )


def delivered_late(delivery: Delivery) -> bool:
    if delivery.delivered_at is None:
        return False
    grace = int(policy.parameter("sales.delivery_grace_days").value)
    return timezone.localtime(
        delivery.delivered_at
    ).date() > delivery.order.promised_date + datetime.timedelta(days=grace)


def is_late(delivery: Delivery, *, grace: int, today: datetime.date | None = None) -> bool:
    """Delivered after the promised date (plus the grace), or still on its way although that
    date has passed (SALES-3)."""
    due = delivery.order.promised_date + datetime.timedelta(days=grace)
    if delivery.delivered_at is not None:
        return timezone.localtime(delivery.delivered_at).date() > due
    if delivery.state in (Delivery.State.NOTICE, Delivery.State.SHIPPED):
        return (today or timezone.localdate()) > due
    return False


def late_ids(deliveries: Iterable[Delivery]) -> set[int]:
    grace, today = grace_days(), timezone.localdate()
    return {d.pk for d in deliveries if is_late(d, grace=grace, today=today)}


def search_deliveries(
    deliveries: QuerySet[Delivery], *, search: str = "", state: str = "", late: bool = False
) -> QuerySet[Delivery]:
    search = (search or "").strip()
    if search:
        deliveries = deliveries.filter(
            Q(number__icontains=search)
            | Q(order__number__icontains=search)
            | Q(order__customer__name__icontains=search)
            | Q(order__customer__code__icontains=search)
            | Q(tracking_number__icontains=search)
        )
    if state in Delivery.State.values:
        deliveries = deliveries.filter(state=state)
    if late:
        deliveries = deliveries.filter(pk__in=late_deliveries().values("pk"))
    return deliveries


def delivery_lines(delivery: Delivery) -> QuerySet[DeliveryLine]:
    return delivery.lines.select_related("item", "order_line").order_by("pk")


def problems_of(delivery: Delivery) -> QuerySet[ReceiptProblem]:
    return delivery.problems.select_related("delivery_line__item", "reported_by").order_by(
        "-reported_at", "-pk"
    )


def returns_of(delivery: Delivery) -> QuerySet[CustomerReturn]:
    return delivery.returns.select_related("location__warehouse", "problem").prefetch_related(
        "lines__item"
    )


def returns_locations() -> QuerySet[Location]:
    return (
        Location.objects.filter(kind=Location.Kind.RETURNS, active=True)
        .select_related("warehouse")
        .order_by("warehouse__code", "code")
    )


def carriers(limit: int = 12) -> list[str]:
    """The carriers used most, to suggest in the ship form."""
    rows = (
        Delivery.objects.exclude(carrier="")
        .order_by()
        .values("carrier")
        .annotate(n=Count("pk"))
        .order_by("-n", "carrier")[:limit]
    )
    return [row["carrier"] for row in rows]


@dataclass(frozen=True)
class Destination:
    address: str
    contact: str
    phone: str


def destination(order: SalesOrder) -> Destination:
    """Where the goods go and whom to call: the order's delivery address, else the customer's;
    the customer's contact person and telephone, else its first recorded contact."""
    customer = order.customer
    contact, phone = customer.contact_person, customer.phone
    if not contact or not phone:
        first = customer.contacts.order_by("pk").first()
        if first is not None:
            contact, phone = contact or first.name, phone or first.phone
    return Destination(
        address=order.delivery_address or customer.address, contact=contact, phone=phone
    )
