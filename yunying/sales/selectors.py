"""Reading sales: what each person may see, open demand, late deliveries, receivables ageing
(SALES-8), targets' achievement (SALES-6) and sales statistics."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from yunying.approvals import selectors as approvals
from yunying.approvals.models import ApprovalAction, ApprovalRequest
from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata.models import Customer, Item, Location, Region
from yunying.policy import selectors as policy

from .models import (
    CustomerReturn,
    Delivery,
    DeliveryLine,
    Payment,
    PaymentAllocation,
    ReceiptProblem,
    Receivable,
    SalesOrder,
    SalesOrderLine,
    SalesTarget,
)
from .services import credit

VIEW_ORDER = "sales.view_order"
VIEW_RECEIVABLE = "sales.view_receivable"
SHIP = "sales.ship"
RECORD_PAYMENT = "sales.record_payment"
ZERO = Decimal("0")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=4)
COUNTED = ("confirmed", "partial", "delivered", "closed")


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


# ----------------------------------------------------------------------------- ageing (SALES-8)


@dataclass
class AgeingRow:
    key: Any
    label: str
    buckets: list[Decimal] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)


def ageing_buckets() -> tuple[list[int], list[str]]:
    """Upper bounds of the overdue buckets from the regulation, and their labels."""
    bounds, _clause = policy.table("sales.ageing_buckets")
    bounds = sorted(int(b) for b in bounds)
    labels = ["current"]
    lower = 1
    for bound in bounds:
        labels.append(f"{lower}-{bound}")
        lower = bound + 1
    labels.append(f"{lower}+")
    return bounds, labels


def ageing(
    receivables: QuerySet[Receivable], *, by: str = "customer", today: datetime.date | None = None
) -> tuple[list[str], list[AgeingRow]]:
    """Outstanding amounts by customer (or region) in the buckets current, 1–30, 31–60, 61–90,
    90+ days overdue — one grouped query over the open receivables."""
    day = today or timezone.localdate()
    bounds, labels = ageing_buckets()
    outstanding = ExpressionWrapper(F("amount") - F("credited") - F("paid"), output_field=MONEY)
    edges = [day - datetime.timedelta(days=b) for b in bounds]
    annotations: dict[str, Any] = {
        "b0": Sum(
            Case(When(due_date__gte=day, then=outstanding), default=Value(ZERO), output_field=MONEY)
        )
    }
    previous = day
    for index, edge in enumerate(edges, start=1):
        annotations[f"b{index}"] = Sum(
            Case(
                When(due_date__lt=previous, due_date__gte=edge, then=outstanding),
                default=Value(ZERO),
                output_field=MONEY,
            )
        )
        previous = edge
    annotations[f"b{len(edges) + 1}"] = Sum(
        Case(When(due_date__lt=previous, then=outstanding), default=Value(ZERO), output_field=MONEY)
    )
    group = {
        "customer": ("customer_id", "customer__name"),
        "region": ("region_id", "region__name"),
    }[by]
    rows = (
        receivables.exclude(state=Receivable.State.SETTLED)
        .order_by()
        .values(*group)
        .annotate(**annotations)
        .order_by(group[1])
    )
    result = [
        AgeingRow(
            row[group[0]],
            row[group[1]],
            [(row[f"b{i}"] or ZERO).quantize(Decimal("0.01")) for i in range(len(labels))],
        )
        for row in rows
    ]
    return labels, result


def overdue_receivables(*, today: datetime.date | None = None) -> QuerySet[Receivable]:
    day = today or timezone.localdate()
    return (
        Receivable.objects.exclude(state=Receivable.State.SETTLED)
        .filter(due_date__lt=day)
        .select_related("customer__owner", "order__created_by")
        .order_by("due_date")
    )


# ----------------------------------------------------------------------------- statistics


def _counted_lines(
    start: datetime.date | None, end: datetime.date | None
) -> QuerySet[SalesOrderLine]:
    lines = SalesOrderLine.objects.filter(order__state__in=COUNTED)
    if start:
        lines = lines.filter(order__order_date__gte=start)
    if end:
        lines = lines.filter(order__order_date__lte=end)
    return lines


DELIVERED_VALUE = ExpressionWrapper(F("delivered_quantity") * F("unit_price"), output_field=MONEY)


def sales_by(
    dimension: str, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Ordered quantity and amount, delivered amount, grouped by month, item, customer or region."""
    keys = {
        "month": ("month",),
        "item": ("item__code", "item__name"),
        "customer": ("order__customer__code", "order__customer__name"),
        "region": ("order__region__code", "order__region__name"),
    }[dimension]
    lines = _counted_lines(start, end)
    if dimension == "month":
        lines = lines.annotate(month=TruncMonth("order__order_date"))
    rows = (
        lines.order_by()
        .values(*keys)
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"), delivered=Sum(DELIVERED_VALUE))
        .order_by(*(keys if dimension == "month" else ("-amount",)))
    )
    result = []
    for row in rows:
        label = (
            row["month"].strftime("%Y-%m")
            if dimension == "month"
            else f"{row[keys[0]]} {row[keys[1]]}"
        )
        result.append(
            {
                "label": label,
                "quantity": row["quantity"] or ZERO,
                "amount": row["amount"] or ZERO,
                "delivered": (row["delivered"] or ZERO).quantize(Decimal("0.01")),
            }
        )
    return result


# ----------------------------------------------------------------------------- targets (SALES-6)


@dataclass
class Achievement:
    target: SalesTarget
    orders: Decimal
    deliveries: Decimal
    collection: Decimal

    def rate(self, actual: Decimal, goal: Decimal) -> float | None:
        return round(float(actual / goal * 100), 1) if goal else None

    @property
    def orders_rate(self) -> float | None:
        return self.rate(self.orders, self.target.orders_amount)

    @property
    def revenue_rate(self) -> float | None:
        return self.rate(self.deliveries, self.target.revenue_amount)

    @property
    def collection_rate(self) -> float | None:
        return self.rate(self.collection, self.target.collection_amount)


def achievement(target: SalesTarget) -> Achievement:
    """Orders confirmed, goods delivered (revenue) and money collected in the target's period,
    for its region and sub-regions or its salesperson."""
    if target.region_id:
        region: Region = target.region  # type: ignore[assignment]
        orders = SalesOrder.objects.filter(region__path__startswith=region.path)
        receivables = Receivable.objects.filter(region__path__startswith=region.path)
        payments = Payment.objects.filter(customer__region__path__startswith=region.path)
    else:
        orders = SalesOrder.objects.filter(created_by_id=target.salesperson_id)
        receivables = Receivable.objects.filter(order__created_by_id=target.salesperson_id)
        payments = Payment.objects.filter(customer__owner_id=target.salesperson_id)
    ordered = (
        orders.filter(state__in=COUNTED, order_date__range=(target.start, target.end)).aggregate(
            v=Sum("amount")
        )["v"]
        or ZERO
    )
    delivered = (
        receivables.filter(invoice_date__range=(target.start, target.end)).aggregate(
            v=Sum(F("amount") - F("credited"))
        )["v"]
        or ZERO
    )
    collected = (
        payments.filter(received_on__range=(target.start, target.end)).aggregate(v=Sum("amount"))[
            "v"
        ]
        or ZERO
    )
    return Achievement(target, ordered, delivered, collected)


def target_tree(period: str, year: int, number: int) -> list[tuple[int, Achievement]]:
    """The targets of a period, parents before their parts, with their depth and achievement."""
    targets = list(
        SalesTarget.objects.filter(period=period, year=year, number=number).select_related(
            "region", "salesperson"
        )
    )
    children: dict[int | None, list[SalesTarget]] = defaultdict(list)
    ids = {t.pk for t in targets}
    for target in targets:
        children[target.parent_id if target.parent_id in ids else None].append(target)
    result: list[tuple[int, Achievement]] = []

    def walk(parent: int | None, depth: int) -> None:
        for target in sorted(
            children[parent], key=lambda t: (t.region.path if t.region else "~", t.pk)
        ):
            result.append((depth, achievement(target)))
            walk(target.pk, depth + 1)

    walk(None, 0)
    return result


# ----------------------------------------------------------------------------- pages and API

MANAGE_ORDER = "sales.manage_order"
MANAGE_TARGET = "sales.manage_target"
VIEW_STATISTICS = "sales.view_statistics"
VIEW_CUSTOMER = "masterdata.view_customer"
VIEW_PRICES = "masterdata.view_prices"
ORDER_READERS = (MANAGE_ORDER, VIEW_ORDER)
DELIVERY_READERS = (SHIP, MANAGE_ORDER, VIEW_ORDER)
RECEIVABLE_READERS = (RECORD_PAYMENT, VIEW_RECEIVABLE)
TARGET_READERS = (MANAGE_TARGET, VIEW_STATISTICS)
CENT = Decimal("0.01")


def holds_any(actor: Employee, codes: Iterable[str]) -> bool:
    return any(access.has_perm(actor, code) for code in codes)


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


@dataclass(frozen=True)
class Credit:
    """A customer's credit position (SALES-7) as an order sees it."""

    limit: Decimal
    exposure: Decimal  # open receivables and open orders, this order included when it is open
    others: Decimal  # the same without this order
    amount: Decimal  # this order

    @property
    def after(self) -> Decimal:
        """The exposure once this order is confirmed."""
        return self.others + self.amount

    @property
    def headroom(self) -> Decimal:
        return self.limit - self.exposure

    @property
    def shortfall(self) -> Decimal:
        """How far the exposure is over the limit now (0 when within)."""
        return max(self.exposure - self.limit, ZERO)

    @property
    def beyond(self) -> bool:
        return self.after > self.limit

    @property
    def used_rate(self) -> float | None:
        return round(float(self.after / self.limit * 100), 1) if self.limit else None


def credit_of(order: SalesOrder) -> Credit:
    customer = order.customer
    return Credit(
        limit=customer.credit_limit,
        exposure=credit.exposure(customer),
        others=credit.exposure(customer, excluding=order),
        amount=order.amount,
    )


def credit_decision(order: SalesOrder) -> ApprovalAction | None:
    """Why the credit approval sent a draft back: the last rejection or return (SALES-7)."""
    if order.state != SalesOrder.State.DRAFT:
        return None
    request = approvals.latest_request(order)
    if request is None or request.state not in (
        ApprovalRequest.State.REJECTED,
        ApprovalRequest.State.RETURNED,
    ):
        return None
    return (
        approvals.history(request)
        .filter(kind__in=[ApprovalAction.Kind.REJECTED, ApprovalAction.Kind.RETURNED])
        .order_by("-at", "-id")
        .first()
    )


def remaining_to_notice(order: SalesOrder) -> list[tuple[SalesOrderLine, Decimal]]:
    """The lines of an open order not yet on a delivery notice, with what is left of each."""
    if order.state not in SalesOrder.OPEN_STATES:
        return []
    return [
        (line, line.quantity - line.noticed_quantity)
        for line in order_lines(order)
        if line.quantity > line.noticed_quantity
    ]


# ----------------------------------------------------------------------------- deliveries


def grace_days() -> int:
    return int(policy.parameter("sales.delivery_grace_days").value)


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


# ----------------------------------------------------------------------------- receivables


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


def ageing_label(key: str) -> str:
    """An ageing bucket as people read it: "current" is not yet due, "1-30" is 1–30 days
    overdue, "91+" over 90 days (SALES-8)."""
    if key == "current":
        return gettext("Not yet due")
    if key.endswith("+"):
        return gettext("Over %(days)s days") % {"days": int(key[:-1]) - 1}
    low, _sep, high = key.partition("-")
    return gettext("%(low)s–%(high)s days") % {"low": low, "high": high}


def ageing_totals(rows: list[AgeingRow], buckets: int) -> list[Decimal]:
    return [sum((row.buckets[i] for row in rows), ZERO) for i in range(buckets)]


# ----------------------------------------------------------------------------- targets


def salespeople() -> QuerySet[Employee]:
    """The active employees who enter orders (targets are set for them, SALES-6)."""
    return (
        Employee.objects.filter(active=True, positions__permissions__code=MANAGE_ORDER)
        .select_related("department")
        .distinct()
        .order_by("name")
    )


def targets_to_break_down() -> QuerySet[SalesTarget]:
    """Targets a new one may be broken down from (the service checks period and region)."""
    return SalesTarget.objects.select_related("region", "salesperson").order_by(
        "-year", "period", "-number", "region__path", "pk"
    )


# ----------------------------------------------------------------------------- statistics

DIMENSIONS = ("month", "item", "customer", "region")


def statistics(
    *, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, list[dict[str, Any]]]:
    """:func:`sales_by` for every dimension."""
    return {dimension: sales_by(dimension, start=start, end=end) for dimension in DIMENSIONS}


def totals_of(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((row[key] for row in rows), ZERO) for key in ("quantity", "amount", "delivered")
    }
