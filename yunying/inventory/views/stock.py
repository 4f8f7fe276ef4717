"""Stock pages: balances per item and location (with their Excel download), one item with its
availability and proposal, and the stock ledger (INV-1)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from yunying.core import access
from yunying.core import lists as core_lists
from yunying.core.web import (
    actor,
    asks_for_file,
    employee_view,
    keyset_paginate,
    paginate,
    query_string_without_page,
    require,
)
from yunying.masterdata.models import Item
from yunying.masterdata.selectors import prices_visible

from .. import downloads, replenishment, selectors
from ..forms import (
    LedgerFilterForm,
    StockFilterForm,
    filters,
)
from ..lists import LEDGER, STOCK, ledger_filtered
from ..models import StockBalance
from .common import (
    MOVE,
    VIEW,
    with_sources,
)


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
    rows = core_lists.ordered(STOCK, rows, request.GET)
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
            "tools": core_lists.tools(request, STOCK),
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
            "entries": with_sources(selectors.ledger(item=item)[:20]),
            "proposal": replenishment.for_items([item.pk]).get(item.pk),
            "settings": replenishment.settings(),
            "prices": prices_visible(actor(request)),
            "can_move": access.has_perm(actor(request), MOVE),
        },
    )


# --------------------------------------------------------------------------- ledger


@employee_view
def ledger(request: HttpRequest) -> HttpResponseBase:
    require(request, VIEW, export=LEDGER.what)
    form = LedgerFilterForm(request.GET or None)
    entries = ledger_filtered(form)
    if asks_for_file(request):
        return core_lists.download(
            request, LEDGER, core_lists.ordered(LEDGER, entries, request.GET)
        )
    # A million rows and more: newer/older pages from a cursor, no page count (core.keyset),
    # in the order chosen (each sort's fields, then the id).
    page = keyset_paginate(request, entries, core_lists.ordering(LEDGER, request.GET.get("sort")))
    return render(
        request,
        "inventory/ledger.html",
        {
            "form": form,
            "page": page,
            "rows": with_sources(page.object_list),
            "query": query_string_without_page(request),
            "prices": prices_visible(actor(request)),
            "tools": core_lists.tools(request, LEDGER),
        },
    )
