"""The sales lists as ``core.lists`` describes them: their filters, the columns they sort by and
the columns of their Excel downloads (receivables, payments, deliveries; the order list keeps
its own download of one row per order line, ``sales.downloads``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee
from yunying.core.params import as_id
from yunying.masterdata import selectors as masterdata

from .downloads import filtered_orders
from .models import Delivery, Payment, Receivable
from .selectors.deliveries import search_deliveries
from .selectors.receivables import search_payments, search_receivables
from .selectors.scope import (
    DELIVERY_READERS,
    ORDER_READERS,
    RECEIVABLE_READERS,
    deliveries_visible_to,
    holds_any,
    payments_visible_to,
    receivables_visible_to,
)


def _text(params: Mapping[str, Any], name: str) -> str:
    return str(params.get(name) or "")


def receivable_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Receivable]:
    region_id = as_id(params.get("region"))
    return search_receivables(
        receivables_visible_to(actor),
        search=_text(params, "q"),
        customer=as_id(params.get("customer")),
        region=masterdata.regions().filter(pk=region_id).first() if region_id else None,
        state=_text(params, "state"),
        overdue=_text(params, "overdue") == "1",
    )


def payment_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Payment]:
    return search_payments(
        payments_visible_to(actor),
        search=_text(params, "q"),
        customer=as_id(params.get("customer")),
    )


def delivery_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Delivery]:
    return search_deliveries(
        deliveries_visible_to(actor),
        search=_text(params, "q"),
        state=_text(params, "state"),
        late=_text(params, "late") == "1",
    )


RECEIVABLES = ListSpec(
    name="sales.receivables",
    title=_("Receivables"),
    url_name="sales:receivables",
    rows=receivable_rows,
    sorts={
        "number": ("number",),
        "customer": ("customer__code",),
        "invoice_date": ("invoice_date",),
        "due": ("due_date",),
        "amount": ("amount",),
        "state": ("state",),
    },
    default=("due_date", "id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Customer code"), "customer__code", text=True),
        Column(_("Customer"), "customer__name"),
        Column(_("Region"), "region__name"),
        Column(_("Order"), "order__number", text=True),
        Column(_("Delivery"), "delivery__number", text=True),
        Column(_("Invoice date"), "invoice_date"),
        Column(_("Due date"), "due_date"),
        Column(_("Amount"), "amount"),
        Column(_("Credited (returns)"), "credited"),
        Column(_("Paid"), "paid"),
        Column(_("State"), "state", choices=Receivable.State.choices),
    ),
    may_read=lambda actor: holds_any(actor, RECEIVABLE_READERS),
    what="sales.receivable",
    filename="receivables",
)

PAYMENTS = ListSpec(
    name="sales.payments",
    title=_("Payments"),
    url_name="sales:payments",
    rows=payment_rows,
    sorts={
        "number": ("number",),
        "customer": ("customer__code",),
        "received_on": ("received_on",),
        "amount": ("amount",),
    },
    default=("-received_on", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Customer code"), "customer__code", text=True),
        Column(_("Customer"), "customer__name"),
        Column(_("Payment date"), "received_on"),
        Column(_("Amount"), "amount"),
        Column(_("Method"), "method", choices=Payment.Method.choices),
        Column(_("Bank reference"), "reference", text=True),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=lambda actor: holds_any(actor, RECEIVABLE_READERS),
    what="sales.payment",
    filename="payments",
)

DELIVERIES = ListSpec(
    name="sales.deliveries",
    title=_("Deliveries"),
    url_name="sales:deliveries",
    rows=delivery_rows,
    sorts={
        "number": ("number",),
        "order": ("order__number",),
        "created": ("created_at",),
        "shipped": ("shipped_at",),
        "state": ("state",),
    },
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Order"), "order__number", text=True),
        Column(_("Customer code"), "order__customer__code", text=True),
        Column(_("Customer"), "order__customer__name"),
        Column(_("State"), "state", choices=Delivery.State.choices),
        Column(_("Carrier"), "carrier"),
        Column(_("Tracking number"), "tracking_number", text=True),
        Column(_("Created"), "created_at"),
        Column(_("Shipped at"), "shipped_at"),
        Column(_("Delivered at"), "delivered_at"),
    ),
    may_read=lambda actor: holds_any(actor, DELIVERY_READERS),
    what="sales.delivery",
    filename="deliveries",
)

ORDERS = ListSpec(
    name="sales.orders.list",
    title=_("Sales orders"),
    url_name="sales:orders",
    rows=filtered_orders,
    sorts={
        "number": ("number",),
        "date": ("order_date",),
        "customer": ("customer__code",),
        "promised": ("promised_date",),
        "state": ("state",),
    },
    default=("-order_date", "-id"),
    columns=(),
    may_read=lambda actor: holds_any(actor, ORDER_READERS),
    export=False,
)

SPECS = (RECEIVABLES, PAYMENTS, DELIVERIES, ORDERS)
