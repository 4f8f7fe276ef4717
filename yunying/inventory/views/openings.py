"""Pages of opening stock (INV-1): the list, one document with its ledger entries, a new one
entered line by line (the Excel import of master data creates the same documents) and
cancelling it, refused once its goods were used (INV-6)."""

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
from yunying.core.params import whole_number
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
from ..forms import OpeningForm, opening_line_formset
from ..lists import OPENINGS, opening_rows
from ..models import OpeningStock
from ..services import opening
from .common import VIEW, require_any, with_sources

POST = opening.IMPORT


@employee_view
def opening_list(request: HttpRequest) -> HttpResponseBase:
    require_any(request, VIEW, POST)
    me = actor(request)
    rows = core_lists.ordered(OPENINGS, opening_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return core_lists.download(request, OPENINGS, rows)
    return render(
        request,
        "inventory/opening_list.html",
        {
            "page": paginate(request, rows),
            "tools": core_lists.tools(request, OPENINGS),
            "query": query_string_without_page(request),
            "states": OpeningStock.State.choices,
            "can_post": access.has_perm(me, POST),
        },
    )


@employee_view
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request, VIEW, POST)
    me = actor(request)
    document = get_object_or_404(selectors.openings_visible_to(me), pk=pk)
    return render(
        request,
        "inventory/opening_detail.html",
        {
            "opening": document,
            "lines": document.lines.select_related("item", "location__warehouse"),
            "entries": with_sources(
                selectors.ledger(source_type="inventory.openingstock", source_id=pk)
            ),
            "prices": prices_visible(me),
            "can_cancel": access.has_perm(me, POST) and states.allowed(document, "cancel"),
        },
    )


def _opening_lines(formset: Any) -> list[opening.OpeningLine]:
    """The filled-in rows of the form; empty rows are left out."""
    return [
        opening.OpeningLine(
            line["item"].pk, line["location"].pk, line["quantity"], line["unit_cost"]
        )
        for line in (f.cleaned_data for f in formset.forms)
        if line
    ]


@employee_view
def opening_new(request: HttpRequest) -> HttpResponse:
    require(request, POST)
    me = actor(request)
    number = whole_number(request.GET.get("rows", "5"), maximum=30)
    extra = max(number, 1) if number is not None else 5
    form = OpeningForm(request.POST or None, initial={"posting_date": timezone.localdate()})
    formset = opening_line_formset(extra)(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = _opening_lines(formset)
        document = attempt(
            request,
            lambda: opening.post_opening_stock(
                lines=lines,
                actor=me,
                posting_date=form.cleaned_data["posting_date"],
                note=form.cleaned_data["note"],
            ),
            form=form,
        )
        if document is not None:
            messages.success(
                request, _("Opening stock %(number)s posted.") % {"number": document.number}
            )
            return redirect(request, "inventory:opening", pk=document.pk)
    return render(
        request,
        "inventory/opening_form.html",
        {"form": form, "formset": formset, "more": extra + 5},
    )


@employee_view
@require_POST
def opening_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, POST)
    me = actor(request)
    document = get_object_or_404(selectors.openings_visible_to(me), pk=pk)
    attempt(
        request,
        lambda: opening.cancel_opening_stock(opening=document, actor=me),
        success=_("Opening stock cancelled; its reversal is posted."),
    )
    return redirect(request, "inventory:opening", pk=pk)
