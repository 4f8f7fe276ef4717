"""Inventory pages: the overview, stock and one item, the ledger, the replenishment proposal
(INV-2), transfers (INV-6), stocktakes (INV-5) and closed periods (INV-1)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, states
from yunying.core.errors import RuleViolation
from yunying.core.excel import build_workbook, xlsx_response
from yunying.core.params import as_id, whole_number
from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    keyset_paginate,
    paginate,
    query_string_without_page,
    redirect,
    require,
)
from yunying.masterdata.models import Item
from yunying.masterdata.selectors import prices_visible
from yunying.policy import selectors as policy

from . import downloads, replenishment, selectors
from .forms import (
    ClosePeriodForm,
    CountsForm,
    CountsUploadForm,
    FoundItemForm,
    LedgerFilterForm,
    ReplenishmentPlanForm,
    StockFilterForm,
    StocktakePlanForm,
    TransferForm,
    count_sheet_headers,
    count_sheet_rows,
    filters,
    transfer_line_formset,
)
from .models import StockBalance, StockLedgerEntry, Stocktake, StockTransfer
from .services import periods, stocktakes, transfers

VIEW = selectors.VIEW
MOVE = selectors.MOVE
MANAGE_STOCKTAKE = selectors.MANAGE_STOCKTAKE
CLOSE = periods.CLOSE
REPLENISH = "inventory.manage_replenishment"
DRAFT_PLAN = "procurement.draft_plan"
GREEN, AMBER, GREY = "#0b6e4f", "#b7791f", "#9aa5b1"


def require_any(request: HttpRequest, *codes: str) -> None:
    if not any(access.has_perm(actor(request), code) for code in codes):
        raise PermissionDenied


def _number(value: Decimal) -> float:
    """A quantity or value as a JSON number (charts, Excel cells)."""
    return float(value)


def _with_sources(entries: Any) -> list[tuple[StockLedgerEntry, str | None]]:
    """Each ledger entry with the page of the document it comes from, where there is one."""
    return [(e, selectors.source_url(e.source_type, e.source_id)) for e in entries]


# --------------------------------------------------------------------------- overview


@employee_view
def overview(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    me = actor(request)
    prices = prices_visible(me)
    below = selectors.items_below_safety(limit=15)
    weeks = selectors.weekly_receipts(weeks=12)
    alerts = selectors.open_alerts().order_by("-raised_at")
    charts: dict[str, Any] = {
        "below": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 50, "right": 20, "top": 36, "bottom": 60},
            "xAxis": {
                "type": "category",
                "data": [s.item.code for s in below],
                "axisLabel": {"rotate": 30},
            },
            "yAxis": {"type": "value"},
            "series": [
                {
                    "name": _("Available"),
                    "type": "bar",
                    "data": [_number(s.available) for s in below],
                    "color": AMBER,
                },
                {
                    "name": _("Safety stock"),
                    "type": "bar",
                    "data": [_number(s.item.safety_stock) for s in below],
                    "color": GREY,
                },
            ],
        },
        "receipts": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 50, "right": 60, "top": 36, "bottom": 30},
            "xAxis": {"type": "category", "data": [w.week.strftime("%m-%d") for w in weeks]},
            "yAxis": [
                {"type": "value", "name": _("receipts"), "minInterval": 1},
                {"type": "value", "name": _("quantity"), "splitLine": {"show": False}},
            ],
            "series": [
                {
                    "name": _("Goods receipts"),
                    "type": "bar",
                    "data": [w.receipts for w in weeks],
                    "color": GREEN,
                },
                {
                    "name": _("Quantity received"),
                    "type": "line",
                    "yAxisIndex": 1,
                    "smooth": True,
                    "data": [_number(w.quantity) for w in weeks],
                    "color": AMBER,
                },
            ],
        },
    }
    total_value = None
    if prices:
        by_category = selectors.value_by_category()
        total_value = sum((Decimal(str(row["value"])) for row in by_category), Decimal("0"))
        charts["value"] = {
            "tooltip": {"trigger": "item", "formatter": "{b}: ¥{c} ({d}%)"},
            "legend": {"type": "scroll", "bottom": 0},
            "series": [
                {
                    "type": "pie",
                    "radius": ["38%", "68%"],
                    "center": ["50%", "45%"],
                    "data": [
                        {"name": row["name"], "value": round(row["value"], 2)}
                        for row in by_category
                    ],
                }
            ],
        }
    return render(
        request,
        "inventory/overview.html",
        {
            "prices": prices,
            "charts": charts,
            "below": below,
            "alerts": alerts[:20],
            "alert_count": alerts.count(),
            "overdue": selectors.overdue_locations(),
            "below_count": selectors.items_below_safety_ids().count(),
            "total_value": total_value,
            "stocked_items": StockBalance.objects.filter(on_hand__gt=0)
            .values("item_id")
            .distinct()
            .count(),
        },
    )


# --------------------------------------------------------------------------- stock


def _stock_rows(
    request: HttpRequest,
) -> tuple[StockFilterForm, QuerySet[StockBalance], dict[str, Any]]:
    form = StockFilterForm(request.GET or None)
    chosen = filters(form)
    rows = selectors.stock_list(
        warehouse_id=chosen["warehouse"].pk if "warehouse" in chosen else None,
        location_id=chosen["location"].pk if "location" in chosen else None,
        category_id=chosen["category"].pk if "category" in chosen else None,
        search=chosen.get("q", "").strip(),
        below_safety=bool(chosen.get("below")),
    )
    return form, rows, chosen


@employee_view
def stock(request: HttpRequest) -> HttpResponseBase:
    require(request, VIEW, export="inventory.stockbalance")
    me = actor(request)
    prices = prices_visible(me)
    form, rows, chosen = _stock_rows(request)
    if request.GET.get("format") == "xlsx":  # written while it is sent: any number of rows
        return downloads.stock_download(actor=me, rows=rows, prices=prices, filters=chosen)
    return render(
        request,
        "inventory/stock.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "totals": selectors.stock_totals(rows),
            "prices": prices,
        },
    )


@employee_view
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, VIEW)
    item = get_object_or_404(Item.objects.select_related("category", "planner"), pk=pk)
    return render(
        request,
        "inventory/item.html",
        {
            "item": item,
            "stock": selectors.item_availability(item),
            "alert": selectors.open_alert(item),
            "entries": _with_sources(selectors.ledger(item=item)[:20]),
            "proposal": replenishment.for_items([item.pk]).get(item.pk),
            "settings": replenishment.settings(),
            "prices": prices_visible(actor(request)),
            "can_move": access.has_perm(actor(request), MOVE),
        },
    )


# --------------------------------------------------------------------------- ledger


@employee_view
def ledger(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    form = LedgerFilterForm(request.GET or None)
    chosen = filters(form)
    entries = selectors.ledger_search(
        item=chosen.get("item"),
        location=chosen.get("location"),
        kind=chosen.get("kind", ""),
        number=chosen.get("number", "").strip(),
        date_from=chosen.get("date_from"),
        date_to=chosen.get("date_to"),
    )
    if form.is_bound and "item" in form.errors:  # an unknown item code: nothing, not everything
        entries = entries.none()
    # A million rows and more: newer/older pages from a cursor, no page count (core.keyset).
    page = keyset_paginate(request, entries, selectors.LEDGER_ORDER)
    return render(
        request,
        "inventory/ledger.html",
        {
            "form": form,
            "page": page,
            "rows": _with_sources(page.object_list),
            "query": query_string_without_page(request),
            "prices": prices_visible(actor(request)),
        },
    )


# --------------------------------------------------------------------------- replenishment


@employee_view
def replenishment_page(request: HttpRequest) -> HttpResponse:
    """The proposal (INV-2); the supervisor takes lines of it into a replenishment plan."""
    require(request, REPLENISH)
    me = actor(request)
    only_needed = request.GET.get("needed") == "1"
    proposals = replenishment.proposals(only_needed=only_needed)
    today = timezone.localdate()
    form = ReplenishmentPlanForm(
        request.POST or None,
        proposals=proposals,
        initial={"title": _("Replenishment %(date)s") % {"date": today.isoformat()}},
    )
    if request.method == "POST" and form.is_valid():
        from yunying.procurement.services import plans

        lines = [
            plans.PlanLine(
                proposal.item,
                quantity,
                needed_by,
                estimated_price=proposal.item.standard_cost,
                proposed_quantity=proposal.quantity,
            )
            for proposal, quantity, needed_by in form.lines()
        ]
        needed = form.cleaned_data["needed_by"] or min(line.needed_by for line in lines)
        plan = attempt(
            request,
            lambda: plans.draft_plan(
                kind="replenishment",
                title=form.cleaned_data["title"],
                needed_by=needed,
                lines=lines,
                actor=me,
            ),
            form=form,
        )
        if plan is not None:
            messages.success(
                request,
                _("Replenishment plan %(number)s drafted; submit it for review when it is ready.")
                % {"number": plan.number},
            )
            return redirect(request, f"/procurement/plans/{plan.pk}/")
    return render(
        request,
        "inventory/replenishment.html",
        {
            "form": form,
            "settings": replenishment.settings(),
            "only_needed": only_needed,
            "needing": sum(1 for p in proposals if p.quantity > 0),
            "can_plan": access.has_perm(me, DRAFT_PLAN),
        },
    )


# --------------------------------------------------------------------------- transfers


@employee_view
def transfer_list(request: HttpRequest) -> HttpResponse:
    require_any(request, VIEW, MOVE)
    me = actor(request)
    rows = selectors.transfers_visible_to(me)
    state = request.GET.get("state", "")
    if state in StockTransfer.State.values:
        rows = rows.filter(state=state)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(note__icontains=q))
    return render(
        request,
        "inventory/transfer_list.html",
        {
            "page": paginate(request, rows.order_by("-created_at", "-id")),
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
            "entries": _with_sources(
                selectors.ledger(source_type="inventory.stocktransfer", source_id=pk)
            ),
            "prices": prices_visible(me),
            "can_cancel": access.has_perm(me, MOVE) and states.allowed(transfer, "cancel"),
        },
    )


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
        lines = [
            transfers.TransferLine(
                item=line["item"],
                from_location=line["from_location"],
                to_location=line["to_location"],
                quantity=line["quantity"],
            )
            for line in (f.cleaned_data for f in formset.forms)
            if line
        ]
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


# --------------------------------------------------------------------------- stocktakes


@employee_view
def stocktake_list(request: HttpRequest) -> HttpResponse:
    require_any(request, VIEW, MANAGE_STOCKTAKE)
    me = actor(request)
    rows = selectors.stocktakes_visible_to(me)
    state = request.GET.get("state", "")
    if state in Stocktake.State.values:
        rows = rows.filter(state=state)
    return render(
        request,
        "inventory/stocktake_list.html",
        {
            "schedule": selectors.stocktake_schedule(),
            "interval": _stocktake_interval(),
            "page": paginate(request, rows.order_by("-planned_date", "-id")),
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
        "entries": _with_sources(
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


# --------------------------------------------------------------------------- periods


@employee_view
def period_list(request: HttpRequest) -> HttpResponse:
    require(request, CLOSE)
    me = actor(request)
    form = ClosePeriodForm(request.POST or None, initial=ClosePeriodForm.last_month())
    if request.method == "POST" and form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
        closed = attempt(
            request,
            lambda: periods.close_period(year=year, month=month, actor=me),
            form=form,
            success=_("%(period)s is closed: nothing more is posted into it.")
            % {"period": f"{year}-{month:02d}"},
        )
        if closed is not None:
            return redirect(request, "inventory:periods")
    today = timezone.localdate()
    return render(
        request,
        "inventory/periods.html",
        {
            "form": form,
            "periods": selectors.closed_periods(),
            "this_month": datetime.date(today.year, today.month, 1),
        },
    )
