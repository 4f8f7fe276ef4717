"""The service reports (SVC-2): how many cases were answered and resolved within their service
standards, the working hours they took, and the cases by complaint cause and by kind, for a
period of cases (by the day they were opened), within the reader's scope (ORG-2).

Every figure is computed by the database from what the case keeps when it is answered and
resolved (``response_hours``, ``resolution_hours``, ``response_met``, ``resolution_met``, set
by ``services.transitions``): "within standard" is the case's own verdict at that moment, not a
comparison with due moments that later waits for the customer moved. A table is one query;
the median is PostgreSQL's ``percentile_cont`` in the same query, elsewhere one more query per
measure that keeps the middle rows of each group with window functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee

from ..models import ServiceCase
from . import cases_visible_to, holds_any

GROUPS: dict[str, Any] = {
    "month": gettext_lazy("month"),
    "kind": gettext_lazy("kind"),
    "priority": gettext_lazy("priority"),
    "team": gettext_lazy("team"),
    "assignee": gettext_lazy("assignee"),
    "channel": gettext_lazy("channel"),
}
MEASURES = ("response_hours", "resolution_hours")
DEFAULT_MONTHS = 6
LONGEST_DAYS = 366 * 5
FIRST_YEAR, LAST_YEAR = 1900, 2999
CHOICES = {
    "kind": ServiceCase.Kind.choices,
    "priority": ServiceCase.Priority.choices,
    "channel": ServiceCase.Channel.choices,
}
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


SUPERVISE = "service.supervise"


def may_read(actor: Employee | None) -> bool:
    """The reports are read by those who see cases and by supervisors, each within the cases
    they may see."""
    return holds_any(actor) or access.has_perm(actor, SUPERVISE)


@dataclass(frozen=True)
class Period:
    """Cases opened from ``start`` to ``end`` (local days, both included), grouped by ``group``."""

    start: datetime.date
    end: datetime.date
    group: str = "month"

    def condition(self, prefix: str = "") -> Q:
        zone = timezone.get_default_timezone()
        first = datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        )
        return Q(**{f"{prefix}opened_at__gte": first, f"{prefix}opened_at__lt": after})


def _date(params: Mapping[str, Any], field: str, default: datetime.date) -> datetime.date:
    text = (params.get(field) or "").strip()
    if not text:
        return default
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise ValidationFailed(_("Enter a date as YYYY-MM-DD."), field=field)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationFailed(
            _("Enter a date from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
        )
    return value


def period_from(params: Mapping[str, Any], *, grouped: bool = True) -> Period:
    """The period and grouping asked for (``from``, ``to``, ``group``); by default the last six
    months by month (``grouped=False``: ``group`` is not read). A bad date, a ``to`` before
    ``from`` or an unknown group is refused naming the field."""
    today = timezone.localdate()
    month = today.replace(day=1)
    for _step in range(DEFAULT_MONTHS - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    start = _date(params, "from", month)
    end = _date(params, "to", today)
    if end < start:
        raise ValidationFailed(_("The end comes before the start."), field="to")
    if (end - start).days > LONGEST_DAYS:
        raise ValidationFailed(_("Ask for five years at most."), field="to")
    group = (params.get("group") or "month").strip() if grouped else "month"
    if group not in GROUPS:
        raise ValidationFailed(
            _("Group by one of: %(groups)s.") % {"groups": ", ".join(GROUPS)}, field="group"
        )
    return Period(start=start, end=end, group=group)


class Median(Aggregate):
    """PostgreSQL's continuous median of a column (nulls left out)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _hours(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _breached() -> Q:
    return Q(state__in=ServiceCase.OPEN_STATES) & (
        Q(response_breached_at__isnull=False) | Q(resolution_breached_at__isnull=False)
    )


def _figures(within: Q | None = None) -> dict[str, Any]:
    """The aggregates of one row of a table, over the cases ``within`` (all when None)."""

    def only(condition: Q | None = None) -> Q | None:
        if within is None or condition is None:
            return condition or within
        return within & condition

    figures: dict[str, Any] = {
        "cases": Count("id", filter=only()),
        "responded": Count("id", filter=only(Q(response_met__isnull=False))),
        "responded_in_time": Count("id", filter=only(Q(response_met=True))),
        "resolved": Count("id", filter=only(Q(resolution_met__isnull=False))),
        "resolved_in_time": Count("id", filter=only(Q(resolution_met=True))),
        "open_breached": Count("id", filter=only(_breached())),
        "response_average": Avg("response_hours", filter=only()),
        "resolution_average": Avg("resolution_hours", filter=only()),
    }
    if _postgres():
        figures["response_median"] = Median("response_hours", filter=only())
        figures["resolution_median"] = Median("resolution_hours", filter=only())
    return figures


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["response_rate"] = _share(row["responded_in_time"], row["responded"])
    row["resolution_rate"] = _share(row["resolved_in_time"], row["resolved"])
    for measure in ("response", "resolution"):
        for figure in ("average", "median"):
            key = f"{measure}_{figure}"
            row[key] = _hours(row.get(key))
    return row


def _labeller(group: str) -> tuple[Any, list[str], Callable[[dict[str, Any]], str]]:
    """The expression a table groups by, the columns it reads, and each row's label."""
    if group == "month":
        month = TruncMonth("opened_at", tzinfo=timezone.get_default_timezone())
        return month, ["key"], lambda row: row["key"].strftime("%Y-%m") if row["key"] else "-"
    if group in ("team", "assignee"):
        return F(group), ["key", f"{group}__name"], lambda row: row[f"{group}__name"] or _("none")
    choices = dict(CHOICES[group])
    return F(group), ["key"], lambda row: str(choices.get(row["key"], row["key"]))


def _value_of(key: Any) -> str | None:
    """The group's key as text: the month (YYYY-MM), the team's or assignee's id, the code."""
    if key is None:
        return None
    if isinstance(key, datetime.date):
        return key.strftime("%Y-%m")
    return str(key)


def period_cases(actor: Employee | None, period: Period) -> QuerySet[ServiceCase]:
    return cases_visible_to(actor).filter(period.condition()).select_related(None)


def _medians(rows: QuerySet[ServiceCase], key: Any, measure: str) -> dict[Any, Decimal]:
    """The median of ``measure`` per group (one group when ``key`` is None): the middle row (or
    the two middle rows) of each group in order, picked by window functions in the database,
    so only those rows come back."""
    partition = [] if key is None else [key]
    ranked = (
        rows.filter(**{f"{measure}__isnull": False})
        .annotate(
            group_key=Value(None, output_field=CharField()) if key is None else key,
            position=Window(RowNumber(), partition_by=partition, order_by=[F(measure).asc()]),
            size=Window(Count("id"), partition_by=partition),
        )
        .filter(position__gte=F("size") / 2, position__lte=F("size") / 2 + 1)
        .values_list("group_key", "position", "size", measure)
    )
    middle: dict[Any, list[Decimal]] = {}
    for group_key, position, size, value in ranked:
        if position in ((size + 1) // 2, size // 2 + 1):
            middle.setdefault(group_key, []).append(value)
    return {k: sum(values, Decimal(0)) / len(values) for k, values in middle.items()}


def sla_table(actor: Employee | None, period: Period) -> list[dict[str, Any]]:
    """Per group of the period's cases: counts, the share answered and resolved within standard,
    the average and median working hours to answer and to resolve, the open cases breached."""
    key, columns, label = _labeller(period.group)
    cases = period_cases(actor, period)
    grouped = cases.annotate(key=key).values(*columns).annotate(**_figures()).order_by("key")
    rows = [dict(row) for row in grouped]
    if not _postgres():
        for measure in MEASURES:
            medians = _medians(cases, key, measure)
            prefix = measure.removesuffix("_hours")
            for row in rows:
                row[f"{prefix}_median"] = medians.get(row["key"])
    for row in rows:
        row["label"] = label(row)
        row["value"] = _value_of(row["key"])
    return [_finish(row) for row in rows]


def sla_totals(actor: Employee | None, period: Period) -> dict[str, Any]:
    """The period's headline figures, and the open cases breached now whenever opened."""
    figures = _figures(period.condition())
    figures["open_breached"] = Count("id", filter=_breached())
    totals = cases_visible_to(actor).aggregate(**figures)
    if not _postgres():
        for measure in MEASURES:
            medians = _medians(period_cases(actor, period), None, measure)
            totals[f"{measure.removesuffix('_hours')}_median"] = medians.get(None)
    return _finish(totals)


def by_cause(actor: Employee | None, period: Period) -> list[dict[str, Any]]:
    """The period's complaints by cause (those not yet given one together), count and share."""
    rows = list(
        period_cases(actor, period)
        .filter(kind=ServiceCase.Kind.COMPLAINT)
        .values("cause", "cause__code", "cause__name")
        .annotate(cases=Count("id"))
        .order_by("-cases", F("cause__code").asc(nulls_last=True))
    )
    whole = sum(row["cases"] for row in rows)
    return [
        {
            "cause": row["cause"],
            "code": row["cause__code"] or "",
            "label": row["cause__name"] or _("no cause yet"),
            "cases": row["cases"],
            "share": _share(row["cases"], whole),
        }
        for row in rows
    ]


def by_kind(actor: Employee | None, period: Period) -> list[dict[str, Any]]:
    """The period's cases by kind, count and share."""
    rows = list(
        period_cases(actor, period).values("kind").annotate(cases=Count("id")).order_by("kind")
    )
    whole = sum(row["cases"] for row in rows)
    labels = dict(ServiceCase.Kind.choices)
    return [
        {
            "kind": row["kind"],
            "label": str(labels.get(row["kind"], row["kind"])),
            "cases": row["cases"],
            "share": _share(row["cases"], whole),
        }
        for row in rows
    ]
