"""The working calendar kept by the administrator (``core.manage_calendar``): the working
periods of each weekday and the special days of each year, statutory holidays and make-up
working days (调休). Every change is audited; ``core.calendar`` computes with them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from .. import access, tx
from ..errors import Conflict, NotFound, ValidationFailed
from ..models import CalendarDay, Employee, Weekday, WorkingPeriod
from ..tx import transactional
from . import audit

ADMINISTRATOR = "core.manage_calendar"


def _day_described(day: CalendarDay) -> dict[str, Any]:
    return {"date": day.date, "kind": day.kind, "name": day.name, "follows": day.follows}


def _period_described(period: WorkingPeriod) -> dict[str, Any]:
    return {"weekday": period.weekday, "start": period.start, "end": period.end}


def _checked_day(kind: str, name: str, follows: int | None) -> tuple[str, int | None]:
    if kind not in CalendarDay.Kind.values:
        raise ValidationFailed(_("Choose a holiday or a make-up working day."), field="kind")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Name the day, e.g. 春节."), field="name")
    if len(name) > 60:
        raise ValidationFailed(_("The name is longer than 60 characters."), field="name")
    if kind == CalendarDay.Kind.HOLIDAY:
        return name, None
    if follows not in Weekday.values:
        raise ValidationFailed(
            _("Choose the weekday whose hours the make-up day works."), field="follows"
        )
    return name, follows


@transactional
def add_day(
    *,
    actor: Employee | None,
    date: datetime.date,
    kind: str,
    name: str,
    follows: int | None = None,
) -> CalendarDay:
    """A statutory holiday or a make-up working day (which works the hours of ``follows``);
    one entry per date. ``actor`` None only when a company is set up (``load_days``)."""
    if actor is not None:
        access.require(actor, ADMINISTRATOR)
    name, follows = _checked_day(kind, name, follows)
    duplicate = _("%(date)s is in the calendar already: delete it first to change it.") % {
        "date": date.isoformat()
    }
    if CalendarDay.objects.filter(date=date).exists():
        raise ValidationFailed(duplicate, field="date")
    try:
        with tx.atomic(savepoint=True):
            day = CalendarDay.objects.create(date=date, kind=kind, name=name, follows=follows)
    except IntegrityError as error:  # the same date added at the same moment
        raise ValidationFailed(duplicate, field="date") from error
    audit.record(actor=actor, action="core.add_calendar_day", obj=day, changes=_day_described(day))
    return day


@transactional
def delete_day(*, actor: Employee, day: CalendarDay) -> None:
    access.require(actor, ADMINISTRATOR)
    locked = CalendarDay.objects.select_for_update(no_key=True).filter(pk=day.pk).first()
    if locked is None:
        raise NotFound(_("The day is no longer in the calendar."))
    audit.record(
        actor=actor, action="core.delete_calendar_day", obj=locked, changes=_day_described(locked)
    )
    locked.delete()


@transactional
def load_days(*, actor: Employee | None, days: Iterable[Mapping[str, Any]]) -> list[CalendarDay]:
    """The special days of a published schedule, skipping dates the calendar has (so loading
    the same schedule again changes nothing)."""
    wanted = list(days)
    known = set(
        CalendarDay.objects.filter(date__in=[entry["date"] for entry in wanted]).values_list(
            "date", flat=True
        )
    )
    return [add_day(actor=actor, **entry) for entry in wanted if entry["date"] not in known]


@transactional
def load_week(
    *, actor: Employee | None, periods: Iterable[Mapping[str, Any]]
) -> list[WorkingPeriod]:
    """The weekly working periods of a new company, when the calendar has none yet (the
    migration gives every database Monday to Friday 09:00–12:00 and 13:00–18:00; a database
    emptied since, as a test's, gets them here)."""
    if WorkingPeriod.objects.exists():
        return []
    return [add_period(actor=actor, **entry) for entry in periods]


def _locked_week(weekday: int) -> list[WorkingPeriod]:
    return list(
        WorkingPeriod.objects.select_for_update(no_key=True).filter(weekday=weekday).order_by("id")
    )


@transactional
def add_period(
    *, actor: Employee | None, weekday: int, start: datetime.time, end: datetime.time
) -> WorkingPeriod:
    """Working time from ``start`` to ``end`` every ``weekday``, apart from the day's other
    periods (the gap between them, e.g. lunch, is not working time). ``actor`` None only when a
    company is set up (``load_week``)."""
    if actor is not None:
        access.require(actor, ADMINISTRATOR)
    if weekday not in Weekday.values:
        raise ValidationFailed(_("Choose a weekday."), field="weekday")
    if start >= end:
        raise ValidationFailed(_("The period ends before it starts."), field="end")
    for other in _locked_week(weekday):
        if other.start < end and start < other.end:
            raise ValidationFailed(
                _("It overlaps the period %(period)s of the same weekday.")
                % {"period": f"{other.start:%H:%M}–{other.end:%H:%M}"},
                field="start",
            )
    period = WorkingPeriod.objects.create(weekday=weekday, start=start, end=end)
    audit.record(
        actor=actor,
        action="core.add_working_period",
        obj=period,
        changes=_period_described(period),
    )
    return period


@transactional
def delete_period(*, actor: Employee, period: WorkingPeriod) -> None:
    """Remove a period; the week keeps one at least, or no working time would ever pass."""
    access.require(actor, ADMINISTRATOR)
    locked = _locked_week(period.weekday)
    if period.pk not in {other.pk for other in locked}:
        raise NotFound(_("The working period is no longer in the calendar."))
    if len(locked) <= 1 and not WorkingPeriod.objects.exclude(weekday=period.weekday).exists():
        raise Conflict(_("The week keeps one working period at least."))
    audit.record(
        actor=actor,
        action="core.delete_working_period",
        obj=period,
        changes=_period_described(period),
    )
    WorkingPeriod.objects.filter(pk=period.pk).delete()
