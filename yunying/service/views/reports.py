"""The service reports page (SVC-2): compliance with the service standards and the working hours
cases took, by month, kind, priority, team, assignee or channel; complaints by cause; cases by
kind; the whole as an Excel file (audited, ORG-4)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.errors import ValidationFailed
from yunying.core.excel import xlsx_response
from yunying.core.web import actor, asks_for_file, employee_view, refuse_export

from ..selectors import reports as selectors
from ..services import reports as exports

SATISFACTION = "/service/satisfaction/"


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)


def _compliance_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    responded, resolved = _("Responded within standard"), _("Resolved within standard")
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": [responded, resolved]},
        "grid": {"left": 16, "right": 24, "top": 36, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "category", "data": [row["label"] for row in rows]},
        "yAxis": {"type": "value", "name": "%", "min": 0, "max": 100},
        "series": [
            {
                "name": responded,
                "type": "line",
                "color": "#0b6e4f",
                "data": [_rate(row["response_rate"]) for row in rows],
            },
            {
                "name": resolved,
                "type": "line",
                "color": "#d69e2e",
                "data": [_rate(row["resolution_rate"]) for row in rows],
            },
        ],
    }


def _pie(name: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        "series": [
            {
                "name": name,
                "type": "pie",
                "radius": ["35%", "65%"],
                "data": [{"name": row["label"], "value": row["cases"]} for row in rows],
            }
        ],
    }


def _period(request: HttpRequest) -> tuple[selectors.Period, ValidationFailed | None]:
    """The period asked for; when the address holds a bad value, the default period and the
    error to show."""
    try:
        return selectors.period_from(request.GET), None
    except ValidationFailed as error:
        return selectors.period_from({}), error


@employee_view
def reports_page(request: HttpRequest) -> HttpResponseBase:
    """Service standards, working hours, causes and kinds of the cases the reader may see."""
    me = actor(request)
    if not selectors.may_read(me):
        refuse_export(request, exports.WHAT, selectors.SUPERVISE)
        raise PermissionDenied
    period, error = _period(request)
    if asks_for_file(request) and error is None:
        content = exports.report_workbook(actor=me, period=period)
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(f"service-reports-{stamp}.xlsx", content)
    table = selectors.sla_table(me, period)
    months = table if period.group == "month" else selectors.sla_table(me, _by_month(period))
    causes, kinds = selectors.by_cause(me, period), selectors.by_kind(me, period)
    return render(
        request,
        "service/reports.html",
        {
            "period": period,
            "error": error,
            "groups": selectors.GROUPS.items(),
            "group_label": selectors.GROUPS[period.group],
            "totals": selectors.sla_totals(me, period),
            "table": table,
            "causes": causes,
            "kinds": kinds,
            "compliance_chart": _compliance_chart(months),
            "cause_chart": _pie(_("Complaints"), causes),
            "kind_chart": _pie(_("Cases"), kinds),
            "satisfaction": SATISFACTION,
            "export_query": f"from={period.start}&to={period.end}&group={period.group}",
        },
    )


def _by_month(period: selectors.Period) -> selectors.Period:
    return selectors.Period(start=period.start, end=period.end, group="month")
