"""Sales pages: orders with their Excel import and export (SALES-1, SALES-2, SALES-7),
deliveries with shipping, the customer's receipt, problems and returns (SALES-3, SALES-4) and the
printed delivery note, receivables, payments and their ageing (SALES-5, SALES-8), targets and
their achievement (SALES-6), and the sales statistics."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core import selectors as core_selectors
from yunying.core.excel import xlsx_response
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.params import as_id
from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    refuse_export,
    require,
)
from yunying.masterdata import selectors as masterdata
from yunying.masterdata.models import Customer, Region

from . import downloads, selectors
from .forms import (
    ALLOCATE_CHOSEN,
    DeliveredForm,
    OrderForm,
    OrderImportForm,
    OrderLineFormSet,
    PaymentForm,
    PeriodForm,
    ProblemForm,
    QuantitiesForm,
    RangeForm,
    ReasonForm,
    ReceiptForm,
    ResolveForm,
    ReturnForm,
    ShipForm,
    TargetForm,
    now_local,
    order_line_initial,
    period_label,
)
from .models import Delivery, ReceiptProblem, Receivable, SalesOrder, SalesTarget
from .services import deliveries, exports, imports, orders, settlement, targets

MANAGE_ORDER = selectors.MANAGE_ORDER
SHIP = selectors.SHIP
RECORD_PAYMENT = selectors.RECORD_PAYMENT
MANAGE_TARGET = selectors.MANAGE_TARGET
VIEW_STATISTICS = selectors.VIEW_STATISTICS


# --------------------------------------------------------------------------- helpers


def _require_any(request: HttpRequest, codes: Iterable[str], *, export: str = "") -> Employee:
    """403 unless the actor holds one of ``codes``; a refused export of ``export`` is audited."""
    me = actor(request)
    if not selectors.holds_any(me, codes):
        if export:
            refuse_export(request, export, " | ".join(codes))
        raise PermissionDenied
    return me


def _id(value: str | None) -> int | None:
    return as_id(value)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _region(request: HttpRequest) -> Region | None:
    key = _id(request.GET.get("region"))
    return masterdata.regions().filter(pk=key).first() if key else None


def _filters(request: HttpRequest, *names: str) -> dict[str, str]:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def _today() -> str:
    return f"{timezone.localdate():%Y%m%d}"


def money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def _form_errors(request: HttpRequest, form: Any) -> None:
    """A posted form that is not shown again: its errors as messages."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        messages.error(request, f"{label}: {text}" if label else text)


# --------------------------------------------------------------------------- orders


@employee_view
def order_list(request: HttpRequest) -> HttpResponseBase:
    """Orders the person may see (ORG-4), filtered; the Excel export is audited."""
    me = _require_any(request, selectors.ORDER_READERS, export="sales.salesorder")
    visible = selectors.orders_visible_to(me)
    region = _region(request)
    rows = selectors.search_orders(
        visible,
        search=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        customer=_id(request.GET.get("customer")),
        region=region,
        start=_date(request.GET.get("start")),
        end=_date(request.GET.get("end")),
    )
    if request.GET.get("format") == "xlsx":  # written while it is sent: any number of orders
        return downloads.orders_download(
            actor=me,
            orders=rows,
            filters=_filters(request, "q", "state", "customer", "region", "start", "end"),
            filename=f"sales-orders-{_today()}.xlsx",
        )
    return render(
        request,
        "sales/order_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "states": SalesOrder.State.choices,
            "customers": selectors.order_customers(visible),
            "regions": masterdata.region_choices(),
            "region": region,
            "can_manage": access.has_perm(me, MANAGE_ORDER),
        },
    )


def _order_form_page(
    request: HttpRequest, order: SalesOrder | None, form: OrderForm, formset: Any, prices: bool
) -> HttpResponse:
    return render(
        request,
        "sales/order_form.html",
        {"order": order, "form": form, "formset": formset, "prices": prices},
    )


@employee_view
def order_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Enter or change a draft order (SALES-1). "Add a line" gives one more empty row; an empty
    price is the item's list price."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    order = get_object_or_404(selectors.orders_visible_to(me), pk=pk) if pk else None
    if order is not None and order.state not in SalesOrder.EDITABLE_STATES:
        messages.error(
            request,
            _("%(order)s is %(state)s and can no longer be changed.")
            % {"order": order.number, "state": order.get_state_display()},
        )
        return redirect(request, "sales:order", pk=order.pk)
    prices = selectors.quotes_list_prices(me)
    customers = selectors.customers_for_orders(me)
    if order is not None:
        customers = customers | Customer.objects.filter(pk=order.customer_id)
    header: dict[str, Any] = (
        {
            "customer": order.customer_id,
            "promised_date": order.promised_date,
            "customer_reference": order.customer_reference,
            "delivery_address": order.delivery_address,
            "note": order.note,
        }
        if order
        else {
            "customer": _id(request.GET.get("customer")),
            "promised_date": timezone.localdate() + datetime.timedelta(days=7),
        }
    )
    form_kwargs = {"prices": prices}

    def header_form(*args: Any, **kwargs: Any) -> OrderForm:
        form = OrderForm(*args, customers=customers, **kwargs)
        if order is not None:
            form.fields["customer"].disabled = True
        return form

    if request.method == "POST":
        form = header_form(request.POST, initial=header)
        formset = OrderLineFormSet(request.POST, prefix="lines", form_kwargs=form_kwargs)
        if "add_line" in request.POST:
            typed = {name: form[name].value() for name in form.fields}
            form = header_form(initial=typed)
            formset = OrderLineFormSet(
                prefix="lines", initial=formset.rows(), form_kwargs=form_kwargs
            )
            formset.extra = 1
            return _order_form_page(request, order, form, formset, prices)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            lines = formset.lines()
            if order is None:
                saved = attempt(
                    request,
                    lambda: orders.create_order(
                        customer=data["customer"],
                        promised_date=data["promised_date"],
                        lines=lines,
                        actor=me,
                        customer_reference=data["customer_reference"],
                        delivery_address=data["delivery_address"],
                        note=data["note"],
                    ),
                    form=form,
                    success=_("Draft order saved. Confirm it to reserve the stock."),
                )
            else:
                saved = attempt(
                    request,
                    lambda: orders.update_order(
                        order=order,
                        promised_date=data["promised_date"],
                        lines=lines,
                        actor=me,
                        customer_reference=data["customer_reference"],
                        delivery_address=data["delivery_address"] or order.customer.address,
                        note=data["note"],
                    ),
                    form=form,
                    success=_("Draft order saved."),
                )
            if saved is not None:
                return redirect(request, "sales:order", pk=saved.pk)
        return _order_form_page(request, order, form, formset, prices)
    form = header_form(initial=header)
    rows = [order_line_initial(line) for line in selectors.order_lines(order)] if order else []
    formset = OrderLineFormSet(prefix="lines", initial=rows, form_kwargs=form_kwargs)
    formset.extra = 1 if rows else 3
    return _order_form_page(request, order, form, formset, prices)


def _order_context(request: HttpRequest, order: SalesOrder) -> dict[str, Any]:
    me = actor(request)
    may_manage = access.has_perm(me, MANAGE_ORDER) and access.in_scope(me, MANAGE_ORDER, order)
    remaining = selectors.remaining_to_notice(order) if may_manage else []
    shipments = list(order.deliveries.select_related("order").prefetch_related("lines__item"))
    lines = list(selectors.order_lines(order))
    return {
        "order": order,
        "lines": lines,
        "credit": selectors.credit_of(order),
        "deliveries": shipments,
        "late": selectors.late_ids(shipments),
        "receivables": order.receivables.order_by("due_date", "pk"),
        "request_obj": approvals.latest_request(order),
        "decision": selectors.credit_decision(order),
        "may_manage": may_manage,
        "editable": may_manage and order.state in SalesOrder.EDITABLE_STATES,
        "can_cancel": may_manage
        and order.state in (SalesOrder.State.DRAFT, SalesOrder.State.CONFIRMED)
        and not any(line.shipped_quantity for line in lines),
        "notice_form": QuantitiesForm(lines=remaining) if remaining else None,
        "cancel_form": ReasonForm(),
        "can_see_deliveries": selectors.holds_any(me, selectors.DELIVERY_READERS),
        "can_see_receivables": selectors.holds_any(me, selectors.RECEIVABLE_READERS),
    }


@employee_view
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _require_any(request, selectors.ORDER_READERS)
    order = get_object_or_404(selectors.orders_visible_to(me), pk=pk)
    return render(request, "sales/order_detail.html", _order_context(request, order))


@employee_view
def order_credit(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's credit position as the order sees it (SALES-7): a fragment that the
    approval page loads."""
    me = _require_any(request, selectors.ORDER_READERS)
    order = get_object_or_404(selectors.orders_visible_to(me), pk=pk)
    return render(
        request, "sales/_credit.html", {"order": order, "credit": selectors.credit_of(order)}
    )


def _confirmed_message(request: HttpRequest, order: SalesOrder) -> None:
    if order.state == SalesOrder.State.CREDIT_REVIEW:
        credit = selectors.credit_of(order)
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
        for line in selectors.order_lines(order)
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
    order = get_object_or_404(selectors.orders_visible_to(me), pk=pk)
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
    order = get_object_or_404(selectors.orders_visible_to(me), pk=pk)
    form = QuantitiesForm(request.POST, lines=selectors.remaining_to_notice(order))
    if not form.is_valid():
        _form_errors(request, form)
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


@employee_view
def order_import(request: HttpRequest) -> HttpResponse:
    """Draft orders from an Excel file, all or nothing (SALES-1)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    form = OrderImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = attempt(
            request,
            lambda: imports.import_orders(form.cleaned_data["file"], actor=me),
            form=form,
        )
        if result is not None and result.ok:
            count = len(result.orders)
            messages.success(
                request,
                ngettext(
                    "%(n)s draft order imported: %(numbers)s. Confirm it to reserve the stock.",
                    "%(n)s draft orders imported: %(numbers)s. Confirm them to reserve the stock.",
                    count,
                )
                % {"n": count, "numbers": "、".join(o.number for o in result.orders)},
            )
            return redirect(request, reverse("sales:orders") + "?state=draft")
    errors = result.errors if result is not None else []
    return render(
        request,
        "sales/order_import.html",
        {
            "form": form,
            "errors": errors[:200],
            "more_errors": max(len(errors) - 200, 0),
            "columns": imports.COLUMNS,
            "prices": selectors.quotes_list_prices(me),
        },
    )


@employee_view
def order_import_template(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE_ORDER)
    return xlsx_response(f"sales-orders-template-{_today()}.xlsx", imports.template())


# --------------------------------------------------------------------------- deliveries


@employee_view
def delivery_list(request: HttpRequest) -> HttpResponse:
    """Deliveries for logistics (all) and for sales (those of the orders they may see)."""
    me = _require_any(request, selectors.DELIVERY_READERS)
    rows = selectors.search_deliveries(
        selectors.deliveries_visible_to(me),
        search=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        late=request.GET.get("late") == "1",
    ).prefetch_related("lines__item")
    page = paginate(request, rows)
    return render(
        request,
        "sales/delivery_list.html",
        {
            "page": page,
            "query": query_string_without_page(request),
            "states": Delivery.State.choices,
            "late": selectors.late_ids(page.object_list),
            "can_ship": access.has_perm(me, SHIP),
        },
    )


def _delivery_context(request: HttpRequest, delivery: Delivery, **forms: Any) -> dict[str, Any]:
    me = actor(request)
    order = delivery.order
    can_ship = access.has_perm(me, SHIP)
    may_manage = access.has_perm(me, MANAGE_ORDER) and access.in_scope(me, MANAGE_ORDER, order)
    lines = list(selectors.delivery_lines(delivery))
    problems = list(selectors.problems_of(delivery))
    returnable = [(line, line.quantity - line.returned_quantity) for line in lines]
    returnable = [(line, left) for line, left in returnable if left > 0]
    delivered = delivery.state == Delivery.State.DELIVERED
    context: dict[str, Any] = {
        "delivery": delivery,
        "order": order,
        "lines": lines,
        "problems": problems,
        "returns": selectors.returns_of(delivery),
        "late": selectors.is_late(delivery, grace=selectors.grace_days()),
        "grace": selectors.grace_days(),
        "order_visible": selectors.orders_visible_to(me).filter(pk=order.pk).exists(),
        "receivable": Receivable.objects.filter(delivery=delivery).first()
        if selectors.holds_any(me, selectors.RECEIVABLE_READERS)
        else None,
        "can_ship": can_ship,
        "may_manage": may_manage,
        "carriers": selectors.carriers(),
        "ship_form": None,
        "delivered_form": None,
        "receipt_form": None,
        "problem_form": None,
        "return_form": None,
        "resolve_form": ResolveForm() if may_manage else None,
    }
    if can_ship and delivery.state == Delivery.State.NOTICE:
        context["ship_form"] = ShipForm(initial={"shipped_at": now_local()})
    if can_ship and delivery.state == Delivery.State.SHIPPED:
        context["delivered_form"] = DeliveredForm(initial={"delivered_at": now_local()})
    if may_manage and delivered:
        if delivery.receipt_confirmed_at is None:
            context["receipt_form"] = ReceiptForm()
        context["problem_form"] = ProblemForm(lines=delivery.lines.select_related("item"))
        if returnable:
            context["return_form"] = ReturnForm(
                lines=returnable,
                locations=selectors.returns_locations(),
                problems=delivery.problems.all(),
                initial={"problem": next((p.pk for p in problems if p.state == "open"), None)},
            )
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


def _visible_delivery(request: HttpRequest, pk: int) -> Delivery:
    me = _require_any(request, selectors.DELIVERY_READERS)
    return get_object_or_404(selectors.deliveries_visible_to(me), pk=pk)


@employee_view
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _visible_delivery(request, pk)
    return render(request, "sales/delivery_detail.html", _delivery_context(request, delivery))


@employee_view
def delivery_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The delivery note to print and sign."""
    delivery = _visible_delivery(request, pk)
    return render(
        request,
        "sales/delivery_print.html",
        {
            "delivery": delivery,
            "order": delivery.order,
            "lines": selectors.delivery_lines(delivery),
            "company": core_selectors.company(),
            "printed_at": timezone.now(),
        },
    )


def _delivery_step(
    request: HttpRequest,
    delivery: Delivery,
    *,
    form_class: type[Any],
    form_name: str,
    action: Any,
    success: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run one step on a delivery from its form; on an error show the page with the form."""
    form = form_class(request.POST, **(form_kwargs or {}))
    if form.is_valid():
        done = attempt(request, lambda: action(delivery, form), form=form, success=success)
        if done is not None:
            return redirect(request, "sales:delivery", pk=delivery.pk)
    context = _delivery_context(request, delivery, **{form_name: form})
    return render(request, "sales/delivery_detail.html", context)


@employee_view
@require_POST
def delivery_ship(request: HttpRequest, pk: int) -> HttpResponse:
    """Logistics ship: carrier, tracking number and time; the stock leaves (SALES-3, INV-6)."""
    require(request, SHIP)
    me = actor(request)
    return _delivery_step(
        request,
        _visible_delivery(request, pk),
        form_class=ShipForm,
        form_name="ship_form",
        action=lambda delivery, form: deliveries.ship(
            delivery=delivery,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
            shipped_at=form.cleaned_data["shipped_at"],
            actor=me,
        ),
        success=_("Shipped: the goods have left the warehouse."),
    )


@employee_view
@require_POST
def delivery_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    """Logistics report the goods arrived; the receivable is raised (SALES-3, SALES-5)."""
    require(request, SHIP)
    me = actor(request)
    return _delivery_step(
        request,
        _visible_delivery(request, pk),
        form_class=DeliveredForm,
        form_name="delivered_form",
        action=lambda delivery, form: deliveries.mark_delivered(
            delivery=delivery, delivered_at=form.cleaned_data["delivered_at"], actor=me
        ),
        success=_("Delivered: the receivable is raised and sales follow up the receipt."),
    )


@employee_view
@require_POST
def delivery_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer confirmed the receipt (SALES-4)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    return _delivery_step(
        request,
        _visible_delivery(request, pk),
        form_class=ReceiptForm,
        form_name="receipt_form",
        action=lambda delivery, form: deliveries.confirm_receipt(
            delivery=delivery, note=form.cleaned_data["note"], actor=me
        ),
        success=_("The customer's receipt is recorded."),
    )


@employee_view
@require_POST
def delivery_problem(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer reports a problem with the goods (SALES-4)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    delivery = _visible_delivery(request, pk)
    return _delivery_step(
        request,
        delivery,
        form_class=ProblemForm,
        form_name="problem_form",
        form_kwargs={"lines": delivery.lines.select_related("item")},
        action=lambda delivery, form: deliveries.report_problem(
            delivery=delivery,
            kind=form.cleaned_data["kind"],
            line=form.cleaned_data["line"],
            quantity=form.cleaned_data["quantity"],
            description=form.cleaned_data["description"],
            actor=me,
        ),
        success=_("The problem is recorded; resolve it when it is settled with the customer."),
    )


@employee_view
@require_POST
def problem_resolve(request: HttpRequest, pk: int, problem: int) -> HttpResponse:
    me = actor(request)
    require(request, MANAGE_ORDER)
    delivery = _visible_delivery(request, pk)
    found = get_object_or_404(ReceiptProblem.objects.select_related("delivery"), pk=problem)
    if found.delivery_id != delivery.pk:
        raise Http404
    form = ResolveForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: deliveries.resolve_problem(
                problem=found, resolution=form.cleaned_data["resolution"], actor=me
            ),
            success=_("The problem is resolved."),
        )
    else:
        _form_errors(request, form)
    return redirect(request, "sales:delivery", pk=pk)


@employee_view
@require_POST
def delivery_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Goods come back to a returns location; the receivable is reduced (SALES-4)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    delivery = _visible_delivery(request, pk)
    lines = [
        (line, line.quantity - line.returned_quantity)
        for line in selectors.delivery_lines(delivery)
        if line.quantity > line.returned_quantity
    ]
    return _delivery_step(
        request,
        delivery,
        form_class=ReturnForm,
        form_name="return_form",
        form_kwargs={
            "lines": lines,
            "locations": selectors.returns_locations(),
            "problems": delivery.problems.all(),
        },
        action=lambda delivery, form: deliveries.return_goods(
            delivery=delivery,
            quantities=form.quantities(),
            location=form.cleaned_data["location"],
            reason=form.cleaned_data["reason"],
            problem=form.cleaned_data["problem"],
            actor=me,
        ),
        success=_(
            "The return is posted: the goods are back in stock and the receivable is reduced."
        ),
    )


# --------------------------------------------------------------------------- receivables


@employee_view
def receivable_list(request: HttpRequest) -> HttpResponse:
    me = _require_any(request, selectors.RECEIVABLE_READERS)
    visible = selectors.receivables_visible_to(me)
    region = _region(request)
    rows = selectors.search_receivables(
        visible,
        search=request.GET.get("q", ""),
        customer=_id(request.GET.get("customer")),
        region=region,
        state=request.GET.get("state", ""),
        overdue=request.GET.get("overdue") == "1",
    )
    return render(
        request,
        "sales/receivable_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "totals": selectors.receivable_totals(rows),
            "states": Receivable.State.choices,
            "customers": selectors.receivable_customers(visible),
            "regions": masterdata.region_choices(),
            "region": region,
            "today": timezone.localdate(),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )


@employee_view
def receivable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _require_any(request, selectors.RECEIVABLE_READERS)
    receivable = get_object_or_404(selectors.receivables_visible_to(me), pk=pk)
    today = timezone.localdate()
    overdue = (
        (today - receivable.due_date).days
        if receivable.state != Receivable.State.SETTLED and receivable.due_date < today
        else 0
    )
    return render(
        request,
        "sales/receivable_detail.html",
        {
            "receivable": receivable,
            "allocations": selectors.allocations_of(receivable),
            "credits": selectors.credits_of(receivable),
            "overdue_days": overdue,
            "order_visible": selectors.orders_visible_to(me)
            .filter(pk=receivable.order_id)
            .exists(),
            "can_record": access.has_perm(me, RECORD_PAYMENT)
            and receivable.state != Receivable.State.SETTLED,
        },
    )


@employee_view
def payment_list(request: HttpRequest) -> HttpResponse:
    me = _require_any(request, selectors.RECEIVABLE_READERS)
    visible = selectors.payments_visible_to(me)
    rows = selectors.search_payments(
        visible, search=request.GET.get("q", ""), customer=_id(request.GET.get("customer"))
    ).prefetch_related("allocations__receivable")
    return render(
        request,
        "sales/payment_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "customers": selectors.receivable_customers(
                selectors.receivables_visible_to(me)
            ).filter(pk__in=visible.values("customer_id")),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )


@employee_view
def payment_form(request: HttpRequest) -> HttpResponse:
    """Record money received and allocate it: automatically, the oldest due first, or to the
    receivables chosen (SALES-5). Choosing the customer loads their open receivables."""
    me = actor(request)
    require(request, RECORD_PAYMENT)
    customers = selectors.payment_customers(me)
    chosen = _id(request.POST.get("customer") or request.GET.get("customer"))
    customer = customers.filter(pk=chosen).first() if chosen else None
    receivables = list(selectors.open_receivables_of(customer)) if customer else []
    if request.method == "POST":
        form = PaymentForm(request.POST, customers=customers, receivables=receivables)
        if form.is_valid():
            data = form.cleaned_data
            payment = attempt(
                request,
                lambda: settlement.record_payment(
                    customer=data["customer"],
                    amount=data["amount"],
                    received_on=data["received_on"],
                    method=data["method"],
                    reference=data["reference"],
                    allocations=form.allocations(),
                    actor=me,
                ),
                form=form,
            )
            if payment is not None:
                allocated = "、".join(
                    f"{a.receivable.number} ¥{money(a.amount)}"
                    for a in payment.allocations.select_related("receivable")
                )
                messages.success(
                    request,
                    _("Payment %(number)s recorded and allocated: %(allocations)s.")
                    % {"number": payment.number, "allocations": allocated},
                )
                return redirect(request, reverse("sales:payments") + f"?q={payment.number}")
    else:
        initial: dict[str, Any] = {"customer": customer.pk if customer else None}
        wanted = _id(request.GET.get("receivable"))
        preset = next((r for r in receivables if r.pk == wanted), None)
        if preset is not None:
            initial.update({"allocate": ALLOCATE_CHOSEN, f"r{preset.pk}": preset.outstanding})
        form = PaymentForm(customers=customers, receivables=receivables, initial=initial)
    return render(
        request,
        "sales/payment_form.html",
        {"form": form, "customer": customer},
    )


BUCKET_COLOURS = ["#2f855a", "#d69e2e", "#dd6b20", "#c53030", "#742a2a"]


@employee_view
def ageing_page(request: HttpRequest) -> HttpResponse:
    """Outstanding receivables by customer or region in the ageing buckets (SALES-8)."""
    me = _require_any(request, selectors.RECEIVABLE_READERS)
    by = request.GET.get("by", "customer")
    if by not in ("customer", "region"):
        by = "customer"
    labels, rows = selectors.ageing(selectors.receivables_visible_to(me), by=by)
    names = [selectors.ageing_label(label) for label in labels]
    totals = selectors.ageing_totals(rows, len(labels))
    shown = sorted(rows, key=lambda r: r.total, reverse=True)[:15]
    chart = {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "data": names},
        "grid": {"left": 16, "right": 24, "top": 40, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "value", "name": "¥"},
        "yAxis": {"type": "category", "data": [r.label for r in shown][::-1]},
        "series": [
            {
                "name": name,
                "type": "bar",
                "stack": "outstanding",
                "color": BUCKET_COLOURS[index % len(BUCKET_COLOURS)],
                "data": [float(r.buckets[index]) for r in shown][::-1],
            }
            for index, name in enumerate(names)
        ],
    }
    return render(
        request,
        "sales/ageing.html",
        {
            "by": by,
            "names": names,
            "rows": rows,
            "totals": totals,
            "grand_total": sum(totals, Decimal("0")),
            "overdue_total": sum(totals[1:], Decimal("0")),
            "chart": chart,
            "today": timezone.localdate(),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )


# --------------------------------------------------------------------------- targets


def _targets_url(period: str, year: int, number: int) -> str:
    return (
        reverse("sales:targets")
        + "?"
        + urlencode({"period": period, "year": str(year), "number": str(number)})
    )


def _neighbours(period: str, year: int, number: int) -> tuple[str, str]:
    if period == SalesTarget.Period.YEAR:
        return _targets_url(period, year - 1, 1), _targets_url(period, year + 1, 1)
    size = 4 if period == SalesTarget.Period.QUARTER else 12
    before = (year, number - 1) if number > 1 else (year - 1, size)
    after = (year, number + 1) if number < size else (year + 1, 1)
    return _targets_url(period, *before), _targets_url(period, *after)


@employee_view
def target_page(request: HttpRequest) -> HttpResponse:
    """The targets of a period, broken down, with their achievement (SALES-6)."""
    me = _require_any(request, selectors.TARGET_READERS)
    period_form = PeriodForm(request.GET or None, initial=PeriodForm.initial_now())
    period, year, number = period_form.chosen()
    previous, following = _neighbours(period, year, number)
    return render(
        request,
        "sales/targets.html",
        {
            "period_form": period_form,
            "tree": selectors.target_tree(period, year, number),
            "period_name": period_label(period, year, number),
            "previous_url": previous,
            "next_url": following,
            "can_manage": access.has_perm(me, MANAGE_TARGET),
            "new_query": urlencode({"period": period, "year": str(year), "number": str(number)}),
        },
    )


@employee_view
def target_form(request: HttpRequest) -> HttpResponse:
    """Set a target for a region or a salesperson, optionally broken down from a parent; parts
    never add up to more than the whole (SALES-6)."""
    me = actor(request)
    require(request, MANAGE_TARGET)
    parents = selectors.targets_to_break_down()
    parent_id = _id(request.GET.get("parent"))
    parent = parents.filter(pk=parent_id).first() if parent_id else None
    now = PeriodForm.initial_now()
    initial: dict[str, Any] = {
        "target_for": "region",
        "period": request.GET.get("period") or now["period"],
        "year": _id(request.GET.get("year")) or now["year"],
        "number": _id(request.GET.get("number")) or now["number"],
    }
    if parent is not None:
        initial.update({"parent": parent.pk, "period": parent.period, "year": parent.year})
        initial["number"] = parent.number
    form = TargetForm(
        request.POST or None,
        regions=masterdata.regions_in_tree_order(),
        salespeople=selectors.salespeople(),
        parents=parents,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            request,
            lambda: targets.set_target(
                period=data["period"],
                year=data["year"],
                number=data["number"],
                region=data["region"],
                salesperson=data["salesperson"],
                parent=data["parent"],
                orders_amount=data["orders_amount"],
                revenue_amount=data["revenue_amount"],
                collection_amount=data["collection_amount"],
                actor=me,
            ),
            form=form,
            success=_("Target saved."),
        )
        if saved is not None:
            return redirect(request, _targets_url(saved.period, saved.year, saved.number))
    return render(request, "sales/target_form.html", {"form": form, "parent": parent})


# --------------------------------------------------------------------------- statistics


def _dimension_titles() -> dict[str, str]:
    return {
        "month": _("Sales by month"),
        "item": _("Sales by item"),
        "customer": _("Sales by customer"),
        "region": _("Sales by region"),
    }


def _bar_chart(rows: list[dict[str, Any]], *, limit: int = 10) -> dict[str, Any]:
    top = rows[:limit][::-1]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "data": [_("Amount ordered"), _("Amount delivered")]},
        "grid": {"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "value", "name": "¥"},
        "yAxis": {"type": "category", "data": [row["label"] for row in top]},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "bar",
                "color": "#0b6e4f",
                "data": [float(row["amount"]) for row in top],
            },
            {
                "name": _("Amount delivered"),
                "type": "bar",
                "color": "#6fd3a8",
                "data": [float(row["delivered"]) for row in top],
            },
        ],
    }


def _month_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": [_("Amount ordered"), _("Amount delivered")]},
        "grid": {"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "category", "data": [row["label"] for row in rows]},
        "yAxis": {"type": "value", "name": "¥"},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "bar",
                "color": "#0b6e4f",
                "data": [float(row["amount"]) for row in rows],
            },
            {
                "name": _("Amount delivered"),
                "type": "line",
                "smooth": True,
                "color": "#d69e2e",
                "data": [float(row["delivered"]) for row in rows],
            },
        ],
    }


def _region_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: ¥{c} ({d}%)"},
        "series": [
            {
                "name": _("Amount ordered"),
                "type": "pie",
                "radius": ["35%", "65%"],
                "data": [{"name": row["label"], "value": float(row["amount"])} for row in rows],
            }
        ],
    }


@employee_view
def statistics_page(request: HttpRequest) -> HttpResponse:
    """Confirmed sales by month, item, customer and region in a date range; each table can be
    exported to Excel (audited, ORG-4)."""
    me = actor(request)
    require(request, VIEW_STATISTICS, export="sales.statistics")
    range_form = RangeForm(request.GET or None)
    start, end = range_form.bounds()
    export = request.GET.get("export", "")
    if export in selectors.DIMENSIONS:
        content = exports.statistics_workbook(
            actor=me,
            dimension=export,
            rows=selectors.sales_by(export, start=start, end=end),
            filters=_filters(request, "start", "end"),
        )
        return xlsx_response(f"sales-by-{export}-{_today()}.xlsx", content)
    data = selectors.statistics(start=start, end=end)
    titles = _dimension_titles()
    charts = {
        "month": _month_chart(data["month"]),
        "item": _bar_chart(data["item"]),
        "customer": _bar_chart(data["customer"]),
        "region": _region_chart(data["region"]),
    }
    tables = [
        {
            "key": key,
            "title": titles[key],
            "rows": data[key],
            "totals": selectors.totals_of(data[key]),
            "chart": charts[key],
        }
        for key in selectors.DIMENSIONS
    ]
    range_query = urlencode(_filters(request, "start", "end"))
    return render(
        request,
        "sales/statistics.html",
        {
            "range_form": range_form,
            "tables": tables,
            "totals": selectors.totals_of(data["month"]),
            "range_query": range_query,
        },
    )
