"""Delivery pages: the list for logistics and sales, the delivery with its steps — shipping
and the arrival (logistics, SALES-3), the customer's receipt, problems and returns (SALES-4) —
and the delivery note to print."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, lists
from yunying.core import selectors as core_selectors
from yunying.core.web import (
    actor,
    asks_for_file,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)

from ..forms.common import now_local
from ..forms.deliveries import (
    CancelShipmentForm,
    DeliveredForm,
    ProblemForm,
    ReceiptForm,
    ResolveForm,
    ReturnForm,
    ShipForm,
)
from ..lists import DELIVERIES, delivery_rows
from ..models import Delivery, DeliveryLine, ReceiptProblem, Receivable
from ..selectors.deliveries import (
    carriers,
    delivery_lines,
    destination,
    grace_days,
    is_late,
    late_ids,
    problems_of,
    returns_locations,
    returns_of,
)
from ..selectors.scope import (
    DELIVERY_READERS,
    MANAGE_ORDER,
    RECEIVABLE_READERS,
    SHIP,
    deliveries_visible_to,
    holds_any,
    orders_visible_to,
)
from ..services import deliveries
from .common import form_errors_as_messages, require_any


@employee_view
def delivery_list(request: HttpRequest) -> HttpResponseBase:
    """Deliveries for logistics (all) and for sales (those of the orders they may see)."""
    me = require_any(request, DELIVERY_READERS, export=DELIVERIES.what)
    rows = lists.ordered(DELIVERIES, delivery_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, DELIVERIES, rows)
    page = paginate(request, rows.prefetch_related("lines__item"))
    return render(
        request,
        "sales/delivery_list.html",
        {
            "page": page,
            "query": query_string_without_page(request),
            "tools": lists.tools(request, DELIVERIES),
            "states": Delivery.State.choices,
            "late": late_ids(page.object_list),
            "can_ship": access.has_perm(me, SHIP),
        },
    )


def _step_forms(
    delivery: Delivery,
    lines: list[DeliveryLine],
    problems: list[ReceiptProblem],
    *,
    can_ship: bool,
    may_manage: bool,
) -> dict[str, Any]:
    """The forms of the steps the person may take on the delivery in its state now."""
    forms: dict[str, Any] = {}
    if can_ship and delivery.state == Delivery.State.NOTICE:
        forms["ship_form"] = ShipForm(initial={"shipped_at": now_local()})
    if can_ship and delivery.state == Delivery.State.SHIPPED:
        forms["delivered_form"] = DeliveredForm(initial={"delivered_at": now_local()})
        forms["cancel_form"] = CancelShipmentForm()
    if not (may_manage and delivery.state == Delivery.State.DELIVERED):
        return forms
    if delivery.receipt_confirmed_at is None:
        forms["receipt_form"] = ReceiptForm()
    forms["problem_form"] = ProblemForm(lines=delivery.lines.select_related("item"))
    returnable = [(line, line.quantity - line.returned_quantity) for line in lines]
    returnable = [(line, left) for line, left in returnable if left > 0]
    if returnable:
        forms["return_form"] = ReturnForm(
            lines=returnable,
            locations=returns_locations(),
            problems=delivery.problems.all(),
            initial={"problem": next((p.pk for p in problems if p.state == "open"), None)},
        )
    return forms


def _delivery_context(request: HttpRequest, delivery: Delivery, **forms: Any) -> dict[str, Any]:
    me = actor(request)
    order = delivery.order
    can_ship = access.has_perm(me, SHIP)
    may_manage = access.has_perm(me, MANAGE_ORDER) and access.in_scope(me, MANAGE_ORDER, order)
    lines = list(delivery_lines(delivery))
    problems = list(problems_of(delivery))
    context: dict[str, Any] = {
        "delivery": delivery,
        "order": order,
        "destination": destination(order),
        "lines": lines,
        "problems": problems,
        "returns": returns_of(delivery),
        "late": is_late(delivery, grace=grace_days()),
        "grace": grace_days(),
        "order_visible": orders_visible_to(me).filter(pk=order.pk).exists(),
        "receivable": Receivable.objects.filter(delivery=delivery).first()
        if holds_any(me, RECEIVABLE_READERS)
        else None,
        "can_ship": can_ship,
        "may_manage": may_manage,
        "carriers": carriers(),
        "ship_form": None,
        "delivered_form": None,
        "cancel_form": None,
        "receipt_form": None,
        "problem_form": None,
        "return_form": None,
        "resolve_form": ResolveForm() if may_manage else None,
    }
    context.update(_step_forms(delivery, lines, problems, can_ship=can_ship, may_manage=may_manage))
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


def _visible_delivery(request: HttpRequest, pk: int) -> Delivery:
    me = require_any(request, DELIVERY_READERS)
    return get_object_or_404(deliveries_visible_to(me), pk=pk)


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
            "destination": destination(delivery.order),
            "lines": delivery_lines(delivery),
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
def delivery_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Logistics take back a shipped delivery not yet delivered: its stock issue is reversed
    and the order can ship again (SALES-3)."""
    require(request, SHIP)
    me = actor(request)
    return _delivery_step(
        request,
        _visible_delivery(request, pk),
        form_class=CancelShipmentForm,
        form_name="cancel_form",
        action=lambda delivery, form: deliveries.cancel_shipment(
            delivery=delivery, reason=form.cleaned_data["reason"], actor=me
        ),
        success=_("Delivery cancelled: its stock is back and the order can ship again."),
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
        form_errors_as_messages(request, form)
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
        for line in delivery_lines(delivery)
        if line.quantity > line.returned_quantity
    ]
    return _delivery_step(
        request,
        delivery,
        form_class=ReturnForm,
        form_name="return_form",
        form_kwargs={
            "lines": lines,
            "locations": returns_locations(),
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
