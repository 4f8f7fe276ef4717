"""The competitors market intelligence names (MKT-1): the list, adding one, and stopping or
resuming watching one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core.web import actor, attempt, employee_view, redirect, require

from ..forms import CompetitorForm
from ..models import Competitor
from ..permissions import RECORD_INTEL
from ..services import intel


@employee_view
def competitor_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, RECORD_INTEL)
    form = CompetitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: intel.add_competitor(actor=me, name=form.cleaned_data["name"]),
            form=form,
            success=_("Competitor added."),
        )
        if done is not None:
            return redirect(request, "crm:competitors")
    return render(
        request,
        "crm/competitor_list.html",
        {"competitors": Competitor.objects.order_by("-active", "name"), "form": form},
    )


@employee_view
@require_POST
def competitor_active(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    require(request, RECORD_INTEL)
    competitor = get_object_or_404(Competitor, pk=pk)
    attempt(
        request,
        lambda: intel.set_competitor_active(
            actor=me, competitor=competitor, active=not competitor.active
        ),
        success=_("Competitor saved."),
    )
    return redirect(request, "crm:competitors")
