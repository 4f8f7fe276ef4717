"""Receivable pages: the list with its totals, a receivable with its allocations and credits,
the payments, recording a payment and its allocation (SALES-5), and the ageing (SALES-8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, lists
from yunying.core.models import Employee
from yunying.core.params import as_id
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
from yunying.masterdata import selectors as masterdata
from yunying.masterdata.models import Customer

from ..forms.receivables import ALLOCATE_CHOSEN, PaymentForm
from ..lists import PAYMENTS, RECEIVABLES, payment_rows, receivable_rows
from ..models import Receivable
from ..selectors.ageing import AgeingRow, ageing, ageing_label, ageing_totals
from ..selectors.receivables import (
    allocations_of,
    credits_of,
    open_receivables_of,
    payment_customers,
    receivable_customers,
    receivable_totals,
)
from ..selectors.scope import (
    RECEIVABLE_READERS,
    RECORD_PAYMENT,
    orders_visible_to,
    payments_visible_to,
    receivables_visible_to,
)
from ..services import settlement
from .common import money, region_param, require_any


@employee_view
def receivable_list(request: HttpRequest) -> HttpResponseBase:
    me = require_any(request, RECEIVABLE_READERS, export=RECEIVABLES.what)
    visible = receivables_visible_to(me)
    region = region_param(request)
    rows = lists.ordered(RECEIVABLES, receivable_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, RECEIVABLES, rows)
    return render(
        request,
        "sales/receivable_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, RECEIVABLES),
            "totals": receivable_totals(rows),
            "states": Receivable.State.choices,
            "customers": receivable_customers(visible),
            "regions": masterdata.region_choices(),
            "region": region,
            "today": timezone.localdate(),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )


@employee_view
def receivable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = require_any(request, RECEIVABLE_READERS)
    receivable = get_object_or_404(receivables_visible_to(me), pk=pk)
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
            "allocations": allocations_of(receivable),
            "credits": credits_of(receivable),
            "overdue_days": overdue,
            "order_visible": orders_visible_to(me).filter(pk=receivable.order_id).exists(),
            "can_record": access.has_perm(me, RECORD_PAYMENT)
            and receivable.state != Receivable.State.SETTLED,
        },
    )


@employee_view
def payment_list(request: HttpRequest) -> HttpResponseBase:
    me = require_any(request, RECEIVABLE_READERS, export=PAYMENTS.what)
    visible = payments_visible_to(me)
    rows = lists.ordered(PAYMENTS, payment_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, PAYMENTS, rows)
    return render(
        request,
        "sales/payment_list.html",
        {
            "page": paginate(request, rows.prefetch_related("allocations__receivable")),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, PAYMENTS),
            "customers": receivable_customers(receivables_visible_to(me)).filter(
                pk__in=visible.values("customer_id")
            ),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )


def _record_payment(request: HttpRequest, me: Employee, form: PaymentForm) -> HttpResponse | None:
    """Record the payment of a valid form and say where it went; ``None`` when the service
    refused it (shown on the form)."""
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
    if payment is None:
        return None
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


def _blank_payment_form(
    request: HttpRequest,
    customers: QuerySet[Customer],
    customer: Customer | None,
    receivables: list[Receivable],
) -> PaymentForm:
    """The form for the customer chosen; a receivable named in the address is preset."""
    initial: dict[str, Any] = {"customer": customer.pk if customer else None}
    wanted = as_id(request.GET.get("receivable"))
    preset = next((r for r in receivables if r.pk == wanted), None)
    if preset is not None:
        initial.update({"allocate": ALLOCATE_CHOSEN, f"r{preset.pk}": preset.outstanding})
    return PaymentForm(customers=customers, receivables=receivables, initial=initial)


@employee_view
def payment_form(request: HttpRequest) -> HttpResponse:
    """Record money received and allocate it: automatically, the oldest due first, or to the
    receivables chosen (SALES-5). Choosing the customer loads their open receivables."""
    me = actor(request)
    require(request, RECORD_PAYMENT)
    customers = payment_customers(me)
    chosen = as_id(request.POST.get("customer") or request.GET.get("customer"))
    customer = customers.filter(pk=chosen).first() if chosen else None
    receivables = list(open_receivables_of(customer)) if customer else []
    if request.method == "POST":
        form = PaymentForm(request.POST, customers=customers, receivables=receivables)
        if form.is_valid():
            done = _record_payment(request, me, form)
            if done is not None:
                return done
    else:
        form = _blank_payment_form(request, customers, customer, receivables)
    return render(request, "sales/payment_form.html", {"form": form, "customer": customer})


BUCKET_COLOURS = ["#2f855a", "#d69e2e", "#dd6b20", "#c53030", "#742a2a"]


def _ageing_chart(names: list[str], rows: list[AgeingRow]) -> dict[str, Any]:
    """The 15 customers (or regions) owing most, stacked by bucket."""
    shown = sorted(rows, key=lambda r: r.total, reverse=True)[:15]
    return {
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


@employee_view
def ageing_page(request: HttpRequest) -> HttpResponse:
    """Outstanding receivables by customer or region in the ageing buckets (SALES-8)."""
    me = require_any(request, RECEIVABLE_READERS)
    by = request.GET.get("by", "customer")
    if by not in ("customer", "region"):
        by = "customer"
    labels, rows = ageing(receivables_visible_to(me), by=by)
    names = [ageing_label(label) for label in labels]
    totals = ageing_totals(rows, len(labels))
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
            "chart": _ageing_chart(names, rows),
            "today": timezone.localdate(),
            "can_record": access.has_perm(me, RECORD_PAYMENT),
        },
    )
