"""Pages of stock transfers between locations (INV-6): the list, one transfer, a new one and
cancelling it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, states
from yunying.core import lists as core_lists
from yunying.core.params import as_id, whole_number
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
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..forms import (
    TransferForm,
    transfer_line_formset,
)
from ..lists import TRANSFERS, transfer_rows
from ..models import StockTransfer
from ..services import transfers
from .common import (
    MOVE,
    VIEW,
    require_any,
    with_sources,
)


@employee_view
def transfer_list(request: HttpRequest) -> HttpResponseBase:
    require_any(request, VIEW, MOVE)
    me = actor(request)
    rows = core_lists.ordered(TRANSFERS, transfer_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return core_lists.download(request, TRANSFERS, rows)
    return render(
        request,
        "inventory/transfer_list.html",
        {
            "page": paginate(request, rows),
            "tools": core_lists.tools(request, TRANSFERS),
            "query": query_string_without_page(request),
            "states": StockTransfer.State.choices,
            "can_move": access.has_perm(me, MOVE),
        },
    )


@employee_view
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request, VIEW, MOVE)
    me = actor(request)
    transfer = get_object_or_404(selectors.transfers_visible_to(me), pk=pk)
    return render(
        request,
        "inventory/transfer_detail.html",
        {
            "transfer": transfer,
            "lines": transfer.lines.select_related(
                "item", "from_location__warehouse", "to_location__warehouse"
            ),
            "entries": with_sources(
                selectors.ledger(source_type="inventory.stocktransfer", source_id=pk)
            ),
            "prices": prices_visible(me),
            "can_cancel": access.has_perm(me, MOVE) and states.allowed(transfer, "cancel"),
        },
    )


def _transfer_lines(formset: Any) -> list[transfers.TransferLine]:
    """The filled-in rows of the transfer form; empty rows are left out."""
    return [
        transfers.TransferLine(
            item=line["item"],
            from_location=line["from_location"],
            to_location=line["to_location"],
            quantity=line["quantity"],
        )
        for line in (f.cleaned_data for f in formset.forms)
        if line
    ]


@employee_view
def transfer_new(request: HttpRequest) -> HttpResponse:
    require(request, MOVE)
    me = actor(request)
    rows = request.GET.get("rows", "5")
    number = whole_number(rows, maximum=30)
    extra = max(number, 1) if number is not None else 5
    form = TransferForm(request.POST or None, initial={"posting_date": timezone.localdate()})
    formset = transfer_line_formset(extra)(request.POST or None, prefix="lines")
    if request.method != "POST":
        hint = {
            key: request.GET[name]
            for key, name in (("item", "item"), ("from_location", "from"))
            if as_id(request.GET.get(name)) is not None
        }
        if hint:
            formset.forms[0].initial.update(hint)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = _transfer_lines(formset)
        transfer = attempt(
            request,
            lambda: transfers.transfer_stock(
                lines=lines,
                actor=me,
                posting_date=form.cleaned_data["posting_date"],
                note=form.cleaned_data["note"],
            ),
            form=form,
        )
        if transfer is not None:
            messages.success(
                request, _("Transfer %(number)s posted.") % {"number": transfer.number}
            )
            return redirect(request, "inventory:transfer", pk=transfer.pk)
    return render(
        request,
        "inventory/transfer_form.html",
        {"form": form, "formset": formset, "more": extra + 5},
    )


@employee_view
@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, MOVE)
    me = actor(request)
    transfer = get_object_or_404(selectors.transfers_visible_to(me), pk=pk)
    attempt(
        request,
        lambda: transfers.cancel_transfer(transfer=transfer, actor=me),
        success=_("Transfer cancelled; its reversal is posted."),
    )
    return redirect(request, "inventory:transfer", pk=pk)
