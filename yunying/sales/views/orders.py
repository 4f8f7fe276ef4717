"""Order pages: the list with its Excel export (audited), entering and changing a draft
(SALES-1), the order with its credit position (SALES-7), confirming, cancelling and a delivery
notice (SALES-2). The Excel import of draft orders is in ``imports``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, lists
from yunying.core.models import Employee, ExportJob
from yunying.core.numbers import plain
from yunying.core.params import as_id
from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)
from yunying.masterdata import selectors as masterdata
from yunying.masterdata.models import Customer

from .. import downloads, hooks
from ..forms.common import QuantitiesForm
from ..forms.orders import (
    BaseOrderLineFormSet,
    OrderForm,
    OrderLineFormSet,
    ReasonForm,
    order_line_initial,
)
from ..lists import ORDERS
from ..models import Delivery, SalesOrder
from ..selectors.credit import credit_decision, credit_of
from ..selectors.deliveries import late_ids
from ..selectors.orders import (
    customers_for_orders,
    order_customers,
    order_lines,
    quotes_list_prices,
    remaining_to_notice,
    search_orders,
)
from ..selectors.scope import (
    DELIVERY_READERS,
    MANAGE_ORDER,
    ORDER_READERS,
    RECEIVABLE_READERS,
    holds_any,
    orders_visible_to,
)
from ..services import deliveries, orders
from .common import (
    date_param,
    filters_of,
    form_errors_as_messages,
    money,
    region_param,
    require_any,
    today_stamp,
)


@employee_view
def order_list(request: HttpRequest) -> HttpResponseBase:
    """Orders the person may see (ORG-4), filtered; the Excel export is audited."""
    me = require_any(request, ORDER_READERS, export="sales.salesorder")
    visible = orders_visible_to(me)
    region = region_param(request)
    rows = search_orders(
        visible,
        search=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        customer=as_id(request.GET.get("customer")),
        region=region,
        start=date_param(request.GET.get("start")),
        end=date_param(request.GET.get("end")),
    )
    if request.GET.get("format") == "xlsx":
        return _orders_download(request, me, rows)
    rows = lists.ordered(ORDERS, rows, request.GET)
    return render(
        request,
        "sales/order_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, ORDERS),
            "states": SalesOrder.State.choices,
            "customers": order_customers(visible),
            "regions": masterdata.region_choices(),
            "region": region,
            "can_manage": access.has_perm(me, MANAGE_ORDER),
        },
    )


def _orders_download(
    request: HttpRequest, me: Employee, rows: QuerySet[SalesOrder]
) -> HttpResponseBase:
    """The filtered orders as a workbook, written while it is sent; beyond
    ``YUNYING_EXPORT_INLINE_ROWS`` lines, a background export job instead."""
    answer = downloads.export_orders(
        actor=me,
        orders=rows,
        filters=filters_of(request, *downloads.ORDER_FILTERS),
        filename=f"sales-orders-{today_stamp()}.xlsx",
    )
    if not isinstance(answer, ExportJob):
        return answer
    messages.info(
        request, _("The export is being prepared; you will be notified when it is ready.")
    )
    return redirect(request, "core:export_jobs")


@dataclass
class _OrderPage:
    """The order form page of one person: the order changed (none for a new one), whether they
    quote list prices and the customers they may choose."""

    request: HttpRequest
    me: Employee
    order: SalesOrder | None
    prices: bool
    customers: QuerySet[Customer]

    @classmethod
    def of(cls, request: HttpRequest, me: Employee, order: SalesOrder | None) -> _OrderPage:
        prices = quotes_list_prices(me)
        customers = customers_for_orders(me)
        if order is not None:
            customers = customers | Customer.objects.filter(pk=order.customer_id)
        return cls(request, me, order, prices, customers)

    def header(self) -> dict[str, Any]:
        order = self.order
        if order is None:
            return {
                "customer": as_id(self.request.GET.get("customer")),
                "promised_date": timezone.localdate() + datetime.timedelta(days=7),
            }
        return {
            "customer": order.customer_id,
            "promised_date": order.promised_date,
            "customer_reference": order.customer_reference,
            "delivery_address": order.delivery_address,
            "note": order.note,
            "promotion": order.promotion_id,
        }

    def promotions(self) -> list[tuple[int, str]]:
        """The promotions the order may carry (MKT-2), and the one it carries."""
        order = self.order
        choices = hooks.promotion_choices(order.order_date if order else timezone.localdate())
        carried = order.promotion_id if order is not None else None
        if carried is not None and carried not in {pk for pk, _label in choices}:
            choices.append((carried, str(order.promotion)))  # type: ignore[union-attr]
        return choices

    def header_form(self, *args: Any, **kwargs: Any) -> OrderForm:
        form = OrderForm(*args, customers=self.customers, promotions=self.promotions(), **kwargs)
        if self.order is not None:
            form.fields["customer"].disabled = True
        return form

    def lines(self, data: Any = None, *, initial: Any = None) -> BaseOrderLineFormSet:
        return OrderLineFormSet(
            data, prefix="lines", initial=initial, form_kwargs={"prices": self.prices}
        )

    def show(self, form: OrderForm, formset: Any) -> HttpResponse:
        return render(
            self.request,
            "sales/order_form.html",
            {"order": self.order, "form": form, "formset": formset, "prices": self.prices},
        )


def _save_order(page: _OrderPage, form: OrderForm, lines: list[orders.OrderLine]) -> Any:
    """Enter the draft or change it; ``None`` when the service refused it (shown on the form)."""
    request, me, order, data = page.request, page.me, page.order, form.cleaned_data
    if order is None:
        return attempt(
            request,
            lambda: orders.create_order(
                customer=data["customer"],
                promised_date=data["promised_date"],
                lines=lines,
                actor=me,
                customer_reference=data["customer_reference"],
                delivery_address=data["delivery_address"],
                note=data["note"],
                promotion_id=data["promotion"],
            ),
            form=form,
            success=_("Draft order saved. Confirm it to reserve the stock."),
        )
    return attempt(
        request,
        lambda: orders.update_order(
            order=order,
            promised_date=data["promised_date"],
            lines=lines,
            actor=me,
            customer_reference=data["customer_reference"],
            delivery_address=data["delivery_address"] or order.customer.address,
            note=data["note"],
            promotion_id=data["promotion"],
        ),
        form=form,
        success=_("Draft order saved."),
    )


def _post_order_form(page: _OrderPage) -> HttpResponse:
    """ "Add a line" shows the form again with one more empty row; otherwise the order is saved."""
    request = page.request
    form = page.header_form(request.POST, initial=page.header())
    formset = page.lines(request.POST)
    if "add_line" in request.POST:
        typed = {name: form[name].value() for name in form.fields}
        form = page.header_form(initial=typed)
        formset = page.lines(initial=formset.rows())
        formset.extra = 1
        return page.show(form, formset)
    if form.is_valid() and formset.is_valid():
        saved = _save_order(page, form, formset.lines())
        if saved is not None:
            return redirect(request, "sales:order", pk=saved.pk)
    return page.show(form, formset)


@employee_view
def order_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Enter or change a draft order (SALES-1). "Add a line" gives one more empty row; an empty
    price is the item's list price."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    order = get_object_or_404(orders_visible_to(me), pk=pk) if pk else None
    if order is not None and order.state not in SalesOrder.EDITABLE_STATES:
        messages.error(
            request,
            _("%(order)s is %(state)s and can no longer be changed.")
            % {"order": order.number, "state": order.get_state_display()},
        )
        return redirect(request, "sales:order", pk=order.pk)
    page = _OrderPage.of(request, me, order)
    if request.method == "POST":
        return _post_order_form(page)
    form = page.header_form(initial=page.header())
    rows = [order_line_initial(line) for line in order_lines(order)] if order else []
    formset = page.lines(initial=rows)
    formset.extra = 1 if rows else 3
    return page.show(form, formset)


def _order_context(request: HttpRequest, order: SalesOrder) -> dict[str, Any]:
    me = actor(request)
    may_manage = access.has_perm(me, MANAGE_ORDER) and access.in_scope(me, MANAGE_ORDER, order)
    remaining = remaining_to_notice(order) if may_manage else []
    shipments = list(order.deliveries.select_related("order").prefetch_related("lines__item"))
    lines = list(order_lines(order))
    return {
        "order": order,
        "lines": lines,
        "credit": credit_of(order),
        "deliveries": shipments,
        "late": late_ids(shipments),
        "receivables": order.receivables.order_by("due_date", "pk"),
        "request_obj": approvals.latest_request(order),
        "decision": credit_decision(order),
        "may_manage": may_manage,
        "editable": may_manage and order.state in SalesOrder.EDITABLE_STATES,
        "can_cancel": may_manage
        and order.state in (SalesOrder.State.DRAFT, SalesOrder.State.CONFIRMED)
        and not any(line.shipped_quantity for line in lines),
        "notice_form": QuantitiesForm(lines=remaining) if remaining else None,
        "cancel_form": ReasonForm(),
        "can_see_deliveries": holds_any(me, DELIVERY_READERS),
        "can_see_receivables": holds_any(me, RECEIVABLE_READERS),
    }


@employee_view
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = require_any(request, ORDER_READERS)
    order = get_object_or_404(orders_visible_to(me), pk=pk)
    return render(request, "sales/order_detail.html", _order_context(request, order))


@employee_view
def order_credit(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's credit position as the order sees it (SALES-7): a fragment that the
    approval page loads."""
    me = require_any(request, ORDER_READERS)
    order = get_object_or_404(orders_visible_to(me), pk=pk)
    return render(request, "sales/_credit.html", {"order": order, "credit": credit_of(order)})


def _confirmed_message(request: HttpRequest, order: SalesOrder) -> None:
    if order.state == SalesOrder.State.CREDIT_REVIEW:
        credit = credit_of(order)
        messages.warning(
            request,
            _(
                "The order would take %(customer)s beyond its credit limit (limit ¥%(limit)s, "
                "exposure with this order ¥%(after)s), so it was not confirmed yet: it now "
                "waits for credit approval, and the stock is reserved when it is approved. "
                "[SALES-7]"
            )
            % {
                "customer": order.customer.name,
                "limit": money(credit.limit),
                "after": money(credit.after),
            },
        )
        return
    text = _("Order confirmed: the stock is reserved.")
    notice = order.deliveries.filter(state=Delivery.State.NOTICE).order_by("-pk").first()
    if notice is not None:
        text += " " + _("Delivery notice %(number)s went to logistics.") % {"number": notice.number}
    short = [
        f"{line.item.code} {plain(line.quantity - line.reserved_quantity)}"
        for line in order_lines(order)
        if line.reserved_quantity < line.quantity
    ]
    if short:
        text += " " + _("Backordered until stock arrives: %(lines)s.") % {"lines": ", ".join(short)}
    messages.success(request, text)


@employee_view
@require_POST
def order_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Confirm (SALES-1, SALES-7) or cancel (with the reason) an order."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    order = get_object_or_404(orders_visible_to(me), pk=pk)
    if verb == "confirm":
        confirmed = attempt(request, lambda: orders.confirm_order(order=order, actor=me))
        if confirmed is not None:
            _confirmed_message(request, confirmed)
    elif verb == "cancel":
        attempt(
            request,
            lambda: orders.cancel_order(
                order=order, actor=me, reason=request.POST.get("reason", "")[:300]
            ),
            success=_("Order cancelled; its reserved stock is released."),
        )
    else:
        raise Http404(verb)
    return redirect(request, "sales:order", pk=pk)


@employee_view
@require_POST
def order_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A delivery notice for (part of) what is left of a confirmed order (SALES-2)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    order = get_object_or_404(orders_visible_to(me), pk=pk)
    form = QuantitiesForm(request.POST, lines=remaining_to_notice(order))
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(request, "sales:order", pk=pk)
    notice = attempt(
        request,
        lambda: deliveries.create_notice(order=order, quantities=form.quantities(), actor=me),
    )
    if notice is None:
        return redirect(request, "sales:order", pk=pk)
    messages.success(
        request, _("Delivery notice %(number)s went to logistics.") % {"number": notice.number}
    )
    return redirect(request, "sales:delivery", pk=notice.pk)
