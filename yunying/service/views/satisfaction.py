"""The satisfaction report page (SVC-4): filters, the trend of the average score, the table per
period and group, and its Excel download (audited, ORG-4)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.errors import ValidationFailed
from yunying.core.excel import write_workbook, xlsx_file_response
from yunying.core.services.org import record_export
from yunying.core.web import actor, asks_for_file, employee_view

from ..selectors import satisfaction
from ..selectors.surveys import may_see_surveys

WHAT = "service.survey"


def _percent(value: float | None) -> Any:
    return "" if value is None else round(value * 100, 1)


def _download(me: Any, rows: list[dict[str, Any]], filters: satisfaction.Filters) -> Any:
    headers = [
        _("Period"),
        str(satisfaction.GROUP_LABELS[filters.group]).capitalize() if filters.group else "",
        _("Sent"),
        _("Answered"),
        _("Response rate (%)"),
        _("Average score"),
        _("Scores of 4 or 5 (%)"),
    ]
    lines = (
        [
            row["period_label"],
            str(row["label"]),
            row["sent"],
            row["answered"],
            _percent(row["response_rate"]),
            "" if row["average"] is None else round(float(row["average"]), 2),
            _percent(row["satisfied_share"]),
        ]
        for row in rows
    )
    file = write_workbook(_("Satisfaction"), headers, lines, text_columns=(0,))
    record_export(
        actor=me,
        what=WHAT,
        count=len(rows),
        filters={"from": str(filters.start), "to": str(filters.end), "group": filters.group},
    )
    return xlsx_file_response(f"satisfaction-{timezone.localdate():%Y%m%d}.xlsx", file)


@employee_view
def satisfaction_page(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not may_see_surveys(me):
        raise PermissionDenied
    try:
        filters = satisfaction.parse_filters(request.GET)
    except ValidationFailed as error:
        messages.error(request, str(error))
        filters = satisfaction.default_filters()
    rows = satisfaction.report(me, filters)
    if asks_for_file(request):
        return _download(me, rows, filters)
    return render(
        request,
        "service/satisfaction.html",
        {
            "filters": filters,
            "rows": rows,
            "totals": satisfaction.totals(me, filters),
            "chart": satisfaction.chart(rows, filters),
            "groups": list(satisfaction.GROUP_LABELS.items()),
            "periods": list(satisfaction.PERIOD_LABELS.items()),
            "query": request.GET.urlencode(),
        },
    )
