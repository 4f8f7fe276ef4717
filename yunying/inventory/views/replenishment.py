"""The replenishment proposal page (INV-2), from which the supervisor drafts a replenishment
plan (INV-3) of the chosen lines in the app that buys."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.web import actor, attempt, employee_view, redirect, require

from .. import replenishment
from ..forms import ReplenishmentPlanForm
from .common import DRAFT_PLAN, REPLENISH


def _draft_plan(
    request: HttpRequest, form: ReplenishmentPlanForm
) -> replenishment.DraftedPlan | None:
    """Hand the chosen lines over to be drafted as a plan; None when that was refused (the
    reason is on the form)."""
    lines = [
        replenishment.OrderLine(proposal, quantity, needed_by)
        for proposal, quantity, needed_by in form.lines()
    ]
    needed = form.cleaned_data["needed_by"] or min(line.needed_by for line in lines)
    return attempt(
        request,
        lambda: replenishment.draft_plan(
            title=form.cleaned_data["title"],
            needed_by=needed,
            lines=lines,
            actor=actor(request),
        ),
        form=form,
    )


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
        plan = _draft_plan(request, form)
        if plan is not None:
            messages.success(
                request,
                _("Replenishment plan %(number)s drafted; submit it for review when it is ready.")
                % {"number": plan.number},
            )
            return redirect(request, plan.url)
    return render(
        request,
        "inventory/replenishment.html",
        {
            "form": form,
            "settings": replenishment.settings(),
            "only_needed": only_needed,
            "needing": sum(1 for p in proposals if p.quantity > 0),
            "can_plan": access.has_perm(me, DRAFT_PLAN) and replenishment.can_draft_plans(),
        },
    )
