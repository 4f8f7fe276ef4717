"""Sales documents in the document shell (``core.documents``): attachments (the customer's
purchase order, a signed delivery receipt), comments, the timeline, and the printed sales order
(PDF; delivery notes print as HTML, ``sales/delivery_print.html``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, documents
from yunying.core import selectors as core_selectors
from yunying.core.models import Employee
from yunying.core.numbers import grouped, money
from yunying.core.pdf import Sheet
from yunying.core.units import unit_label

from .models import Delivery, Receivable, SalesOrder
from .selectors.scope import (
    MANAGE_ORDER,
    RECORD_PAYMENT,
    SHIP,
    VIEW_PRICES,
    deliveries_visible_to,
    orders_visible_to,
    receivables_visible_to,
)


def order_sheet(order: SalesOrder, actor: Employee) -> Sheet:
    """The sales order as printed (the order confirmation): prices only for those who may see
    them."""
    priced = access.has_perm(actor, VIEW_PRICES)
    customer = order.customer
    lines = list(order.lines.select_related("item").order_by("id"))
    columns: list[tuple[str, float, bool]] = [
        ("#", 0.5, True),
        (_("Item code"), 1.6, False),
        (_("Item"), 2.8, False),
        (_("Specification"), 1.8, False),
        (_("Unit"), 0.8, False),
        (_("Quantity"), 1.2, True),
    ]
    if priced:
        columns += [(_("Unit price"), 1.4, True), (_("Amount"), 1.6, True)]
    rows = []
    for number, line in enumerate(lines, start=1):
        row = [
            str(number),
            line.item.code,
            line.item.name,
            line.item.specification,
            unit_label(line.item.unit),
            grouped(line.quantity),
        ]
        if priced:
            row += [grouped(line.unit_price), grouped(line.amount, 2)]
        rows.append(row)
    properties = [
        (_("Customer"), f"{customer.name} ({customer.code})"),
        (_("State"), str(order.get_state_display())),
        (_("Order date"), order.order_date.isoformat()),
        (_("Promised delivery date"), order.promised_date.isoformat()),
        (_("Customer's order number"), order.customer_reference),
        (_("Contact"), " · ".join(filter(None, [customer.contact_person, customer.phone]))),
        (_("Delivery address"), order.delivery_address or customer.address),
    ]
    if priced:
        properties.append((_("Total amount"), money(order.amount)))
    company = core_selectors.company()
    return Sheet(
        title=_("Sales order"),
        number=order.number,
        company=company.name if company else _("Yunying"),
        properties=properties,
        columns=columns,
        rows=rows,
        notes=[f"{_('Note')}: {order.note}"] if order.note else [],
        signatures=[_("Seller (signature and seal)"), _("Customer (signature and seal)")],
        printed_at=timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    )


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=SalesOrder,
            label=gettext_lazy("Sales order"),
            visible=orders_visible_to,
            url=lambda order: reverse("sales:order", args=[order.pk]),
            may_edit=documents.editable_with(MANAGE_ORDER),
            closed=documents.open_while("draft"),
            sheet=order_sheet,
        )
    )
    documents.register(
        documents.ShellDocument(
            model=Delivery,
            label=gettext_lazy("Delivery"),
            visible=deliveries_visible_to,
            url=lambda delivery: reverse("sales:delivery", args=[delivery.pk]),
            may_edit=lambda actor, delivery: access.has_perm(actor, SHIP),
            closed=documents.open_while("notice"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=Receivable,
            label=gettext_lazy("Receivable"),
            visible=receivables_visible_to,
            url=lambda receivable: reverse("sales:receivable", args=[receivable.pk]),
            may_edit=lambda actor, receivable: access.has_perm(actor, RECORD_PAYMENT),
            closed=documents.open_while("open", "partial"),
        )
    )
