"""Reading receivables and payments: the lists' search and totals, overdue receivables
(SALES-8), what a customer still owes, a receivable's allocations and credits."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from yunying.core.models import Employee
from yunying.masterdata.models import Customer, Region

from ..models import CustomerReturn, Payment, PaymentAllocation, Receivable
from .common import ZERO
from .scope import receivables_visible_to


def search_receivables(
    receivables: QuerySet[Receivable],
    *,
    search: str = "",
    customer: int | None = None,
    region: Region | None = None,
    state: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Receivable]:
    """``state``: a receivable state, or "unsettled" for open and partly paid ones."""
    search = (search or "").strip()
    if search:
        receivables = receivables.filter(
            Q(number__icontains=search)
            | Q(order__number__icontains=search)
            | Q(delivery__number__icontains=search)
            | Q(customer__name__icontains=search)
            | Q(customer__code__icontains=search)
        )
    if customer is not None:
        receivables = receivables.filter(customer_id=customer)
    if region is not None:
        receivables = receivables.filter(region__path__startswith=region.path)
    if state == "unsettled":
        receivables = receivables.exclude(state=Receivable.State.SETTLED)
    elif state in Receivable.State.values:
        receivables = receivables.filter(state=state)
    if overdue:
        receivables = receivables.exclude(state=Receivable.State.SETTLED).filter(
            due_date__lt=today or timezone.localdate()
        )
    return receivables


def overdue_receivables(*, today: datetime.date | None = None) -> QuerySet[Receivable]:
    day = today or timezone.localdate()
    return (
        Receivable.objects.exclude(state=Receivable.State.SETTLED)
        .filter(due_date__lt=day)
        .select_related("customer__owner", "order__created_by")
        .order_by("due_date")
    )


def receivable_totals(receivables: QuerySet[Receivable]) -> dict[str, Decimal]:
    totals = receivables.order_by().aggregate(
        amount=Sum("amount"), credited=Sum("credited"), paid=Sum("paid")
    )
    amount, credited, paid = (totals[k] or ZERO for k in ("amount", "credited", "paid"))
    return {
        "amount": amount,
        "credited": credited,
        "paid": paid,
        "outstanding": amount - credited - paid,
    }


def receivable_customers(receivables: QuerySet[Receivable]) -> QuerySet[Customer]:
    return Customer.objects.filter(pk__in=receivables.values("customer_id")).order_by("code")


def payment_customers(actor: Employee) -> QuerySet[Customer]:
    """Customers who owe something the actor may see: a payment is allocated to them."""
    owing = receivables_visible_to(actor).exclude(state=Receivable.State.SETTLED)
    return receivable_customers(owing)


def open_receivables_of(customer: Customer) -> QuerySet[Receivable]:
    """What the customer still owes, oldest due first (the order automatic allocation uses)."""
    return (
        Receivable.objects.filter(customer=customer)
        .exclude(state=Receivable.State.SETTLED)
        .select_related("order", "delivery")
        .order_by("due_date", "pk")
    )


def allocations_of(receivable: Receivable) -> QuerySet[PaymentAllocation]:
    return receivable.allocations.select_related("payment__created_by").order_by(
        "payment__received_on", "pk"
    )


def credits_of(receivable: Receivable) -> QuerySet[CustomerReturn]:
    """The returns that reduced the receivable."""
    return CustomerReturn.objects.filter(delivery_id=receivable.delivery_id).order_by(
        "created_at", "pk"
    )


def search_payments(
    payments: QuerySet[Payment], *, search: str = "", customer: int | None = None
) -> QuerySet[Payment]:
    search = (search or "").strip()
    if search:
        payments = payments.filter(
            Q(number__icontains=search)
            | Q(reference__icontains=search)
            | Q(customer__name__icontains=search)
            | Q(customer__code__icontains=search)
        )
    if customer is not None:
        payments = payments.filter(customer_id=customer)
    return payments
