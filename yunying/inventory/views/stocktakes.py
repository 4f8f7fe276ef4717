"""Pages of stocktakes (INV-5): the schedule and list, planning one, counting (in the table, an
item found, or an Excel sheet) and starting, finishing or cancelling it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, states
from yunying.core import lists as core_lists
from yunying.core.errors import RuleViolation
from yunying.core.excel import build_workbook, xlsx_response
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
from yunying.masterdata.selectors import prices_visible
from yunying.policy import selectors as policy

from .. import selectors
from ..counting_sheet import CountsUploadForm, count_sheet_headers, count_sheet_rows
from ..forms import CountsForm, FoundItemForm, StocktakePlanForm
from ..lists import STOCKTAKES, stocktake_rows
from ..models import Stocktake
from ..services import stocktakes
from .common import (
    MANAGE_STOCKTAKE,
    VIEW,
    require_any,
    with_sources,
)


@employee_view
def stocktake_list(request: HttpRequest) -> HttpResponseBase:
    require_any(request, VIEW, MANAGE_STOCKTAKE)
    me = actor(request)
    rows = core_lists.ordered(STOCKTAKES, stocktake_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return core_lists.download(request, STOCKTAKES, rows)
    return render(
        request,
        "inventory/stocktake_list.html",
        {
            "schedule": selectors.stocktake_schedule(),
            "interval": _stocktake_interval(),
            "page": paginate(request, rows),
            "tools": core_lists.tools(request, STOCKTAKES),
            "query": query_string_without_page(request),
            "states": Stocktake.State.choices,
            "can_manage": access.has_perm(me, MANAGE_STOCKTAKE),
        },
    )


INTERVAL_UNITS = {
    "day": gettext_lazy("days"),
    "week": gettext_lazy("weeks"),
    "month": gettext_lazy("months"),
    "year": gettext_lazy("years"),
}


def _stocktake_interval() -> str:
    """The counting cadence of the regulation in force, in words."""
    rule = policy.rule_in_force("inventory.stocktake_interval")
    if rule is None or not isinstance(rule.value, dict):
        return ""
    unit = rule.value.get("unit", "")
    return _("Each location is counted every %(every)s %(unit)s.") % {
        "every": rule.value.get("every", ""),
        "unit": INTERVAL_UNITS.get(unit, unit),
    }


@employee_view
def stocktake_new(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE_STOCKTAKE)
    me = actor(request)
    chosen = [pk for pk in request.GET.getlist("location") if as_id(pk) is not None]
    form = StocktakePlanForm(
        request.POST or None,
        initial={"planned_date": timezone.localdate(), "locations": chosen},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stocktake = attempt(
            request,
            lambda: stocktakes.plan_stocktake(
                locations=data["locations"],
                planned_date=data["planned_date"],
                note=data["note"],
                actor=me,
            ),
            form=form,
        )
        if stocktake is not None:
            messages.success(
                request,
                _("Stocktake %(number)s planned. Start counting when the team is ready.")
                % {"number": stocktake.number},
            )
            return redirect(request, "inventory:stocktake", pk=stocktake.pk)
    return render(
        request,
        "inventory/form.html",
        {
            "form": form,
            "title": _("Plan a stocktake"),
            "intro": _(
                "Counting freezes the chosen locations: nothing moves in or out of them until the "
                "stocktake is posted or cancelled."
            ),
            "clause": "INV-5",
            "back": "inventory:stocktakes",
        },
    )


def _visible_stocktake(request: HttpRequest, pk: int) -> Stocktake:
    require_any(request, VIEW, MANAGE_STOCKTAKE)
    return get_object_or_404(selectors.stocktakes_visible_to(actor(request)), pk=pk)


def _threshold() -> Decimal | None:
    try:
        return policy.parameter("inventory.stocktake_approval_threshold").value
    except RuleViolation:
        return None


def _stocktake_page(
    request: HttpRequest,
    stocktake: Stocktake,
    *,
    counts_form: CountsForm | None = None,
    found_form: FoundItemForm | None = None,
    upload_form: CountsUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    me = actor(request)
    lines = selectors.stocktake_lines(stocktake)
    can_manage = access.has_perm(me, MANAGE_STOCKTAKE)
    counting = stocktake.state in (Stocktake.State.COUNTING, Stocktake.State.RETURNED)
    editable = can_manage and counting
    variances = [line for line in lines if line.variance]
    context: dict[str, Any] = {
        "stocktake": stocktake,
        "document": stocktake,
        "lines": lines,
        "line_count": len(lines),
        "counted_count": sum(1 for line in lines if line.counted_quantity is not None),
        "variance_count": len(variances),
        "variance_total": sum((abs(line.variance_value) for line in lines), Decimal("0")),
        "variance_net": sum((line.variance_value for line in lines), Decimal("0")),
        "threshold": _threshold(),
        "prices": prices_visible(me),
        "can_manage": can_manage,
        "editable": editable,
        "can_start": can_manage and states.allowed(stocktake, "start"),
        "can_cancel": can_manage and states.allowed(stocktake, "cancel"),
        "request_obj": approvals.latest_request(stocktake),
        "entries": with_sources(
            selectors.ledger(source_type="inventory.stocktake", source_id=stocktake.pk)
        ),
    }
    if editable:
        context["counts_form"] = counts_form or CountsForm(lines=lines)
        context["found_form"] = found_form or FoundItemForm(stocktake=stocktake)
        context["upload_form"] = upload_form or CountsUploadForm(stocktake=stocktake)
    return render(request, "inventory/stocktake_detail.html", context, status=status)


@employee_view
def stocktake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _stocktake_page(request, _visible_stocktake(request, pk))


@employee_view
@require_POST
def stocktake_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """The counting table: counted quantities and reasons of the book lines."""
    require(request, MANAGE_STOCKTAKE)
    stocktake = _visible_stocktake(request, pk)
    form = CountsForm(request.POST, lines=selectors.stocktake_lines(stocktake))
    if form.is_valid():
        counts = form.counts()
        if not counts:
            messages.warning(request, _("No counted quantity was entered."))
            return redirect(request, "inventory:stocktake", pk=pk)
        done = attempt(
            request,
            lambda: stocktakes.record_counts(
                stocktake=stocktake, counts=counts, actor=actor(request)
            ),
            form=form,
            success=_("%(n)s count(s) saved.") % {"n": len(counts)},
        )
        if done is not None:
            return redirect(request, "inventory:stocktake", pk=pk)
    return _stocktake_page(request, stocktake, counts_form=form, status=400)


@employee_view
@require_POST
def stocktake_found(request: HttpRequest, pk: int) -> HttpResponse:
    """An item found at a counted location that the book does not list."""
    require(request, MANAGE_STOCKTAKE)
    stocktake = _visible_stocktake(request, pk)
    form = FoundItemForm(request.POST, stocktake=stocktake)
    if form.is_valid():
        count = form.count()
        done = attempt(
            request,
            lambda: stocktakes.record_counts(
                stocktake=stocktake, counts=[count], actor=actor(request)
            ),
            form=form,
            success=_("%(item)s at %(location)s counted.")
            % {"item": count.item.code, "location": count.location},
        )
        if done is not None:
            return redirect(request, "inventory:stocktake", pk=pk)
    return _stocktake_page(request, stocktake, found_form=form, status=400)


@employee_view
def stocktake_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The counting sheet as Excel: one row per line, to fill in and upload."""
    stocktake = _visible_stocktake(request, pk)
    with_book = request.GET.get("book") != "0"
    content = build_workbook(
        stocktake.number,
        count_sheet_headers(with_book=with_book),
        count_sheet_rows(selectors.stocktake_lines(stocktake), with_book=with_book),
    )
    return xlsx_response(f"{stocktake.number}-counts.xlsx", content)


@employee_view
@require_POST
def stocktake_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The counting sheet filled in; one bad row and nothing is recorded."""
    require(request, MANAGE_STOCKTAKE)
    stocktake = _visible_stocktake(request, pk)
    form = CountsUploadForm(request.POST, request.FILES, stocktake=stocktake)
    if form.is_valid():
        done = attempt(
            request,
            lambda: stocktakes.record_counts(
                stocktake=stocktake, counts=form.counts, actor=actor(request)
            ),
            form=form,
            success=_("%(n)s count(s) read from the sheet and saved.") % {"n": len(form.counts)},
        )
        if done is not None:
            return redirect(request, "inventory:stocktake", pk=pk)
    return _stocktake_page(request, stocktake, upload_form=form, status=400)


@employee_view
@require_POST
def stocktake_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    require(request, MANAGE_STOCKTAKE)
    me = actor(request)
    stocktake = _visible_stocktake(request, pk)
    actions = {
        "start": (
            stocktakes.start_counting,
            _("Counting started: the locations are frozen and the book quantities recorded."),
        ),
        "finish": (stocktakes.finish, ""),
        "cancel": (stocktakes.cancel, _("Stocktake cancelled.")),
    }
    if verb not in actions:
        raise Http404(verb)
    service, message = actions[verb]
    done = attempt(request, lambda: service(stocktake=stocktake, actor=me), success=message)
    if done is not None and verb == "finish":
        if done.state == Stocktake.State.SUBMITTED:
            messages.success(
                request,
                _("The variances exceed the approval threshold: the stocktake waits for approval."),
            )
        else:
            messages.success(request, _("Stocktake posted: the adjustments are in the ledger."))
    return redirect(request, "inventory:stocktake", pk=pk)
