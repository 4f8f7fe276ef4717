"""Pages of returns to the supplier (PROC-5): returning accepted goods of a receipt, the list,
one return and cancelling it (which posts the reversal)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, lists
from yunying.core.web import (
    actor,
    asks_for_file,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    refuse_export,
    require,
)
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..forms import ReasonForm, SupplierReturnForm
from ..lists import SUPPLIER_RETURNS, supplier_return_rows
from ..models import GoodsReceipt, SupplierReturn
from ..services import supplier_returns


def _returnable_lines(receipt: GoodsReceipt) -> list[tuple[Any, Any]]:
    lines = receipt.lines.select_related("item").order_by("pk")
    rows = [(line, supplier_returns.returnable(line)) for line in lines]
    return [(line, left) for line, left in rows if left > 0]


@employee_view
def supplier_return_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Return accepted goods of a receipt to the supplier: the stock leaves at the receipt's
    cost and the contract owes the quantity again (PROC-5, INV-6)."""
    me = actor(request)
    require(request, selectors.RECEIVE)
    receipt = get_object_or_404(selectors.receipts_visible_to(me), pk=pk)
    lines = _returnable_lines(receipt)
    if receipt.state != GoodsReceipt.State.POSTED or not lines:
        messages.error(request, _("Nothing on this receipt can go back to the supplier."))
        return redirect(request, "procurement:receipt", pk=pk)
    form = SupplierReturnForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: supplier_returns.return_to_supplier(
                receipt=receipt,
                quantities=form.quantities(),
                reason=data["reason"],
                returned_on=data["returned_on"],
                actor=me,
            ),
            form=form,
        )
        if done is not None:
            messages.success(
                request,
                _("Return %(number)s posted: the goods left stock and the contract owes them.")
                % {"number": done.number},
            )
            return redirect(request, "procurement:supplier_return", pk=done.pk)
    return render(
        request, "procurement/supplier_return_form.html", {"receipt": receipt, "form": form}
    )


def _require_readers(request: HttpRequest) -> None:
    me = actor(request)
    codes = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)
    if not any(access.has_perm(me, code) for code in codes):
        # ORG-4: a download asked for and refused is audited
        refuse_export(request, SUPPLIER_RETURNS.what, " | ".join(codes))
        raise PermissionDenied


@employee_view
def supplier_return_list(request: HttpRequest) -> HttpResponseBase:
    _require_readers(request)
    rows = lists.ordered(
        SUPPLIER_RETURNS, supplier_return_rows(actor(request), request.GET), request.GET
    )
    if asks_for_file(request):
        return lists.download(request, SUPPLIER_RETURNS, rows)
    return render(
        request,
        "procurement/supplier_return_list.html",
        {
            "page": paginate(request, rows.prefetch_related("lines")),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, SUPPLIER_RETURNS),
            "states": SupplierReturn.State.choices,
        },
    )


def _detail_context(
    request: HttpRequest, supplier_return: SupplierReturn, cancel_form: ReasonForm | None = None
) -> dict[str, Any]:
    me = actor(request)
    return {
        "supplier_return": supplier_return,
        "lines": supplier_return.lines.select_related("item", "receipt_line"),
        "ledger": selectors.supplier_return_ledger(supplier_return),
        "can_receive": access.has_perm(me, selectors.RECEIVE),
        "cancel_form": cancel_form or ReasonForm(),
        "prices": prices_visible(me),
    }


@employee_view
def supplier_return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supplier_return = get_object_or_404(
        selectors.supplier_returns_visible_to(actor(request)), pk=pk
    )
    return render(
        request,
        "procurement/supplier_return_detail.html",
        _detail_context(request, supplier_return),
    )


@employee_view
@require_POST
def supplier_return_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a posted return: the goods come back into stock and count accepted again."""
    me = actor(request)
    supplier_return = get_object_or_404(selectors.supplier_returns_visible_to(me), pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: supplier_returns.cancel_supplier_return(
                supplier_return=supplier_return, actor=me, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Return cancelled; its stock was reversed."),
        )
        if done is not None:
            return redirect(request, "procurement:supplier_return", pk=pk)
    return render(
        request,
        "procurement/supplier_return_detail.html",
        _detail_context(request, supplier_return, form),
    )
