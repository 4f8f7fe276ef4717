"""Pages of market intelligence (MKT-1): the searchable list with its price chart, recording an
entry, one entry, and its author's corrections and deletion."""

from __future__ import annotations

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
    require,
)
from yunying.masterdata.models import Region

from .. import selectors
from ..forms import IntelForm
from ..lists import INTEL, intel_rows
from ..models import Competitor, MarketIntel
from ..permissions import RECORD_INTEL
from ..services import intel

CHART_POINTS = 2000  # the most entries the chart draws


@employee_view
def intel_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not selectors.may_see_intel(me):
        raise PermissionDenied
    rows = lists.ordered(INTEL, intel_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, INTEL, rows)
    charted = intel_rows(me, request.GET).order_by("observed_on", "id")[:CHART_POINTS]
    return render(
        request,
        "crm/intel_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, INTEL),
            "competitors": Competitor.objects.order_by("name"),
            "regions": Region.objects.order_by("path"),
            "sources": MarketIntel.Source.choices,
            "chart": selectors.price_series(charted),
            "may_record": access.has_perm(me, RECORD_INTEL),
        },
    )


@employee_view
def intel_new(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, RECORD_INTEL)
    form = IntelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: intel.record_intel(actor=me, **form.values()),
            form=form,
            success=_("Intelligence recorded."),
        )
        if done is not None:
            return redirect(request, "crm:intel_entry", pk=done.pk)
    return render(request, "crm/intel_form.html", {"form": form, "entry": None})


@employee_view
def intel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    entry = get_object_or_404(selectors.intel_visible_to(me), pk=pk)
    return render(
        request,
        "crm/intel_detail.html",
        {"entry": entry, "may_change": intel.may_change(me, entry)},
    )


@employee_view
def intel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    entry = get_object_or_404(selectors.intel_visible_to(me), pk=pk)
    if not intel.may_change(me, entry):
        raise PermissionDenied
    form = IntelForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: intel.update_intel(actor=me, entry=entry, **form.values()),
            form=form,
            success=_("Intelligence saved."),
        )
        if done is not None:
            return redirect(request, "crm:intel_entry", pk=entry.pk)
    return render(request, "crm/intel_form.html", {"form": form, "entry": entry})


@employee_view
@require_POST
def intel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    entry = get_object_or_404(selectors.intel_visible_to(me), pk=pk)
    done = attempt(
        request,
        lambda: intel.delete_intel(actor=me, entry=entry) or True,
        success=_("Intelligence entry deleted."),
    )
    if done is None:
        return redirect(request, "crm:intel_entry", pk=pk)
    return redirect(request, "crm:intel")
