"""Closing stock months (INV-1): nothing is posted with a date inside a closed month."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    redirect,
    require,
)

from .. import selectors
from ..forms import (
    ClosePeriodForm,
)
from ..services import periods
from .common import (
    CLOSE,
)


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
