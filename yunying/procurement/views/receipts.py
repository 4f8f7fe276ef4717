"""Pages of goods receipts: receiving and inspecting goods on a contract (PROC-5, PROC-6), the
list, one receipt, cancelling it and the return of rejected goods."""

from __future__ import annotations

from decimal import Decimal
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
from ..forms import (
    InspectionFormSet,
    ReasonForm,
    ReceiptForm,
    plain,
)
from ..lists import RECEIPTS, receipt_rows
from ..models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
)
from ..services import receipts


def _receiving_forms(request: HttpRequest, contract: PurchaseContract) -> tuple[Any, Any]:
    """The receipt header and one inspection row per open contract line, each row with the
    contract line it stands for."""
    lines = list(selectors.open_contract_lines(contract))
    default = selectors.default_receiving_location()
    form = ReceiptForm(
        request.POST or None,
        locations=selectors.receiving_locations(),
        initial={"location": default.pk if default else None},
    )
    formset = InspectionFormSet(
        request.POST or None,
        prefix="lines",
        initial=[{"contract_line": line.pk} for line in lines],
        form_kwargs={"contract_lines": contract.lines.all()},
    )
    by_id = {str(line.pk): line for line in contract.lines.select_related("item")}
    for line_form in formset.forms:
        line_form.line_obj = by_id.get(str(line_form["contract_line"].value()))
    return form, formset


def _post_receipt(
    request: HttpRequest, contract: PurchaseContract, form: Any, formset: Any
) -> GoodsReceipt | None:
    """Post the receipt through the receipt service and say what entered stock."""
    data = form.cleaned_data
    receipt = attempt(
        request,
        lambda: receipts.receive_goods(
            contract=contract,
            location=data["location"],
            inspections=formset.inspections(),
            received_on=data["received_on"],
            note=data["note"],
            actor=actor(request),
        ),
        form=form,
    )
    if receipt is not None:
        accepted = sum((line.accepted_quantity for line in receipt.lines.all()), Decimal("0"))
        messages.success(
            request,
            _("Receipt %(number)s posted: %(accepted)s accepted into stock at %(location)s.")
            % {
                "number": receipt.number,
                "accepted": plain(accepted),
                "location": receipt.location,
            },
        )
    return receipt


@employee_view
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Receive and inspect goods of a contract (PROC-5); the accepted quantity enters stock in
    the same transaction (PROC-6)."""
    me = actor(request)
    require(request, selectors.RECEIVE)
    contract = get_object_or_404(selectors.contracts_visible_to(me), pk=pk)
    if contract.state not in PurchaseContract.OPEN_STATES:
        messages.error(
            request,
            _("%(contract)s is %(state)s: nothing can be received on it.")
            % {"contract": contract.number, "state": contract.get_state_display()},
        )
        return redirect(request, "procurement:contract", pk=pk)
    form, formset = _receiving_forms(request, contract)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        receipt = _post_receipt(request, contract, form, formset)
        if receipt is not None:
            return redirect(request, "procurement:receipt", pk=receipt.pk)
    return render(
        request,
        "procurement/receive_form.html",
        {"contract": contract, "form": form, "formset": formset},
    )


def _require_receipts(request: HttpRequest) -> None:
    me = actor(request)
    codes = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)
    if not any(access.has_perm(me, code) for code in codes):
        # ORG-4: a download asked for and refused is audited
        refuse_export(request, RECEIPTS.what, " | ".join(codes))
        raise PermissionDenied


@employee_view
def receipt_list(request: HttpRequest) -> HttpResponseBase:
    _require_receipts(request)
    me = actor(request)
    rows = lists.ordered(RECEIPTS, receipt_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, RECEIPTS, rows)
    rows = rows.prefetch_related("lines")
    can_receive = access.has_perm(me, selectors.RECEIVE)
    awaiting = (
        selectors.with_overdue(selectors.contracts_visible_to(me))
        .filter(state__in=PurchaseContract.OPEN_STATES)
        .order_by("signed_on", "id")[:20]
        if can_receive
        else []
    )
    return render(
        request,
        "procurement/receipt_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, RECEIPTS),
            "states": GoodsReceipt.State.choices,
            "awaiting": awaiting,
        },
    )


def _receipt_context(
    request: HttpRequest, receipt: GoodsReceipt, cancel_form: ReasonForm | None = None
) -> dict[str, Any]:
    me = actor(request)
    return {
        "receipt": receipt,
        "lines": receipt.lines.select_related("item", "contract_line"),
        "ledger": selectors.receipt_ledger(receipt),
        "can_receive": access.has_perm(me, selectors.RECEIVE),
        "cancel_form": cancel_form or ReasonForm(),
        "prices": prices_visible(me),
    }


@employee_view
def receipt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_object_or_404(selectors.receipts_visible_to(actor(request)), pk=pk)
    return render(request, "procurement/receipt_detail.html", _receipt_context(request, receipt))


@employee_view
@require_POST
def receipt_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a posted receipt: its stock is reversed and the contract owes the goods again."""
    me = actor(request)
    receipt = get_object_or_404(selectors.receipts_visible_to(me), pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: receipts.cancel_receipt(
                receipt=receipt, actor=me, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Receipt cancelled; its stock was reversed."),
        )
        if done is not None:
            return redirect(request, "procurement:receipt", pk=pk)
    return render(
        request, "procurement/receipt_detail.html", _receipt_context(request, receipt, form)
    )


@employee_view
@require_POST
def receipt_line_returned(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    line = get_object_or_404(
        GoodsReceiptLine.objects.filter(receipt__in=selectors.receipts_visible_to(me).values("pk")),
        pk=pk,
    )
    attempt(
        request,
        lambda: receipts.mark_returned(line=line, actor=me),
        success=_("The rejected goods are recorded as returned to the supplier."),
    )
    return redirect(request, "procurement:receipt", pk=line.receipt_id)
