"""The satisfaction report (SVC-4): per period (month or quarter of sending) and, if asked, per
team, person or region, the surveys sent, those answered, the response rate, the average score
and the share of scores of 4 or 5 — all computed by the database, over the surveys in the
reader's scope (ORG-2)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, NullIf, TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.dates import add_months
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee

from ..models import Survey
from .surveys import surveys_visible_to

GROUPS: dict[str, tuple[str, str]] = {
    "team": ("team_id", "team__name"),
    "person": ("person_id", "person__name"),
    "region": ("region_id", "region__name"),
}
GROUP_LABELS = {
    "": gettext_lazy("all surveys"),
    "team": gettext_lazy("team"),
    "person": gettext_lazy("person"),
    "region": gettext_lazy("region"),
}
PERIODS = {"month": TruncMonth, "quarter": TruncQuarter}
PERIOD_LABELS = {"month": gettext_lazy("month"), "quarter": gettext_lazy("quarter")}
LONGEST_DAYS = 3 * 366  # the widest span one report covers


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    group: str = ""
    period: str = "month"


def default_filters(today: datetime.date | None = None) -> Filters:
    """The last twelve months, this one included, per month."""
    today = today or timezone.localdate()
    return Filters(start=add_months(today.replace(day=1), -11), end=today)


def _date(params: Mapping[str, Any], name: str) -> datetime.date | None:
    text = str(params.get(name) or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(_("Give a date as YYYY-MM-DD."), field=name) from None


def parse_filters(params: Mapping[str, Any]) -> Filters:
    """The report's filters from a query string (``from``, ``to``, ``group``, ``period``);
    a value it cannot use is a 400 naming it."""
    default = default_filters()
    start = _date(params, "from") or default.start
    end = _date(params, "to") or default.end
    if end < start:
        raise ValidationFailed(_("The end comes before the start."), field="to")
    if (end - start).days > LONGEST_DAYS:
        raise ValidationFailed(_("Choose at most three years."), field="from")
    group = str(params.get("group") or "")
    if group not in GROUP_LABELS:
        raise ValidationFailed(_("Choose a valid value."), field="group")
    period = str(params.get("period") or "month")
    if period not in PERIODS:
        raise ValidationFailed(_("Choose a valid value."), field="period")
    return Filters(start=start, end=end, group=group, period=period)


def _sent_between(rows: QuerySet[Survey], filters: Filters) -> QuerySet[Survey]:
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(filters.start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(
        filters.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return rows.filter(sent_at__gte=since, sent_at__lt=until)


def _measures() -> dict[str, Any]:
    sent, answered = Count("pk"), Count("answered_at")
    return {
        "sent": sent,
        "answered": answered,
        "average": Avg("score"),
        "satisfied": Count("pk", filter=Q(score__gte=4)),
        "response_rate": Cast(answered, FloatField()) / Cast(sent, FloatField()),
        "satisfied_share": Cast(Count("pk", filter=Q(score__gte=4)), FloatField())
        / NullIf(Cast(answered, FloatField()), 0.0),
    }


def report(actor: Employee, filters: Filters) -> list[dict[str, Any]]:
    """One row per period (and group): ``period`` (its first day), ``key`` and ``label`` of the
    group (``None``/"" without one), ``sent``, ``answered``, ``average``, ``satisfied``,
    ``response_rate`` and ``satisfied_share`` (0 to 1, ``None`` when nothing was answered)."""
    rows = _sent_between(surveys_visible_to(actor), filters).order_by()
    rows = rows.annotate(period=PERIODS[filters.period]("sent_at"))
    if filters.group:
        key, label = GROUPS[filters.group]
        grouped = rows.values("period", key_id=F(key), label=F(label))
    else:
        grouped = rows.values("period")
    answer = grouped.annotate(**_measures()).order_by(
        "period", *(["label"] if filters.group else [])
    )
    return [_plain(row, filters.period) for row in answer]


def totals(actor: Employee, filters: Filters) -> dict[str, Any]:
    """The same measures over the whole span (one row)."""
    rows = _sent_between(surveys_visible_to(actor), filters)
    measures = _measures()
    found = rows.aggregate(
        sent=measures["sent"],
        answered=measures["answered"],
        average=measures["average"],
        satisfied=measures["satisfied"],
    )
    sent, answered = found["sent"] or 0, found["answered"] or 0
    # Two numbers the database already counted: their ratios need no further query.
    found["response_rate"] = answered / sent if sent else None
    found["satisfied_share"] = (found["satisfied"] or 0) / answered if answered else None
    return found


def _plain(row: Mapping[str, Any], period: str) -> dict[str, Any]:
    moment = row["period"]
    day = timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment
    grouped = "label" in row
    return {
        **row,
        "period": day,
        "period_label": period_label(day, period),
        "key": row.get("key_id"),
        "label": (row["label"] or _("none")) if grouped else "",
    }


def period_label(day: datetime.date, period: str) -> str:
    if period == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


def chart(rows: list[dict[str, Any]], filters: Filters) -> dict[str, Any]:
    """The ECharts option of the trend: the average score per period, a line per group."""
    periods = sorted({row["period"] for row in rows})
    names = [period_label(day, filters.period) for day in periods]
    series: dict[str, dict[Any, Any]] = {}
    for row in rows:
        name = row["label"] or str(_("All surveys"))
        series.setdefault(name, {})[row["period"]] = row["average"]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "xAxis": {"type": "category", "data": names},
        "yAxis": {"type": "value", "min": 1, "max": 5, "name": str(_("Average score"))},
        "series": [
            {
                "name": name,
                "type": "line",
                "connectNulls": True,
                "data": [
                    None if values.get(day) is None else round(float(values[day]), 2)
                    for day in periods
                ],
            }
            for name, values in series.items()
        ],
    }
