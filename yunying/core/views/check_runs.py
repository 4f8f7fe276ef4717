"""The administrator's page of scheduled checks: each check's cadence and the recent runs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import checks
from ..models import CheckRun
from ..web import employee_view, paginate, query_string_without_page, require

ADMINISTRATOR = "core.manage_org"


@employee_view
def check_run_list(request: HttpRequest) -> HttpResponse:
    require(request, ADMINISTRATOR)
    runs = CheckRun.objects.all()
    outcome = request.GET.get("outcome", "")
    if outcome in CheckRun.Outcome.values:
        runs = runs.filter(outcome=outcome)
    name = request.GET.get("check", "")
    if checks.get(name) is not None:
        runs = runs.filter(check_name=name)
    registered = [
        {"check": check, "cadence": checks.cadence(check)} for check in checks.all_checks()
    ]
    return render(
        request,
        "core/check_runs.html",
        {
            "page": paginate(request, runs),
            "query": query_string_without_page(request),
            "checks": registered,
            "outcomes": CheckRun.Outcome.choices,
        },
    )
