"""Target pages (SALES-6): the targets of a period, broken down, with their achievement, and
setting a target for a region or a salesperson."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.params import as_id
from yunying.core.web import actor, attempt, employee_view, redirect, require
from yunying.masterdata import selectors as masterdata

from ..forms.targets import PeriodForm, TargetForm, period_label
from ..models import SalesTarget
from ..selectors.scope import MANAGE_TARGET, TARGET_READERS
from ..selectors.targets import salespeople, target_tree, targets_to_break_down
from ..services import targets
from .common import require_any


def _targets_url(period: str, year: int, number: int) -> str:
    return (
        reverse("sales:targets")
        + "?"
        + urlencode({"period": period, "year": str(year), "number": str(number)})
    )


def _neighbours(period: str, year: int, number: int) -> tuple[str, str]:
    if period == SalesTarget.Period.YEAR:
        return _targets_url(period, year - 1, 1), _targets_url(period, year + 1, 1)
    size = 4 if period == SalesTarget.Period.QUARTER else 12
    before = (year, number - 1) if number > 1 else (year - 1, size)
    after = (year, number + 1) if number < size else (year + 1, 1)
    return _targets_url(period, *before), _targets_url(period, *after)


@employee_view
def target_page(request: HttpRequest) -> HttpResponse:
    """The targets of a period, broken down, with their achievement (SALES-6)."""
    me = require_any(request, TARGET_READERS)
    period_form = PeriodForm(request.GET or None, initial=PeriodForm.initial_now())
    period, year, number = period_form.chosen()
    previous, following = _neighbours(period, year, number)
    return render(
        request,
        "sales/targets.html",
        {
            "period_form": period_form,
            "tree": target_tree(period, year, number),
            "period_name": period_label(period, year, number),
            "previous_url": previous,
            "next_url": following,
            "can_manage": access.has_perm(me, MANAGE_TARGET),
            "new_query": urlencode({"period": period, "year": str(year), "number": str(number)}),
        },
    )


def _target_initial(request: HttpRequest, parent: SalesTarget | None) -> dict[str, Any]:
    """A new target: for a region, in the period the address names (by default this month) or
    in its parent's."""
    now = PeriodForm.initial_now()
    initial: dict[str, Any] = {
        "target_for": "region",
        "period": request.GET.get("period") or now["period"],
        "year": as_id(request.GET.get("year")) or now["year"],
        "number": as_id(request.GET.get("number")) or now["number"],
    }
    if parent is not None:
        initial.update({"parent": parent.pk, "period": parent.period, "year": parent.year})
        initial["number"] = parent.number
    return initial


@employee_view
def target_form(request: HttpRequest) -> HttpResponse:
    """Set a target for a region or a salesperson, optionally broken down from a parent; parts
    never add up to more than the whole (SALES-6)."""
    me = actor(request)
    require(request, MANAGE_TARGET)
    parents = targets_to_break_down()
    parent_id = as_id(request.GET.get("parent"))
    parent = parents.filter(pk=parent_id).first() if parent_id else None
    form = TargetForm(
        request.POST or None,
        regions=masterdata.regions_in_tree_order(),
        salespeople=salespeople(),
        parents=parents,
        initial=_target_initial(request, parent),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            request,
            lambda: targets.set_target(
                period=data["period"],
                year=data["year"],
                number=data["number"],
                region=data["region"],
                salesperson=data["salesperson"],
                parent=data["parent"],
                orders_amount=data["orders_amount"],
                revenue_amount=data["revenue_amount"],
                collection_amount=data["collection_amount"],
                actor=me,
            ),
            form=form,
            success=_("Target saved."),
        )
        if saved is not None:
            return redirect(request, _targets_url(saved.period, saved.year, saved.number))
    return render(request, "sales/target_form.html", {"form": form, "parent": parent})
