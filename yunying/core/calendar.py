"""Working-time arithmetic on the company's calendar (``core.models.WorkingPeriod``,
``core.models.CalendarDay``): service levels, reminders and due dates count working hours.

A day's working time is the periods of its weekday, none on a statutory holiday, and the periods
of the weekday it follows on a make-up working day (调休). Times are read in
``settings.TIME_ZONE``; a naive datetime is taken as that local time.

Cost: a :class:`WorkingCalendar` reads the weekly periods once (one query) and the special days
of the span it walks in one query per stretch of days (one stretch covers the hours asked and
a month more, so a span of a few months is one query); then the walk is a few microseconds per
day. The module functions build a calendar per call, two queries; code computing many spans
keeps one ``WorkingCalendar()`` and calls its methods.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import Conflict
from .models import CalendarDay, WorkingPeriod

Interval = tuple[datetime.datetime, datetime.datetime]

HOUR = Decimal(3600)
CENT = Decimal("0.01")
STRETCH_MARGIN_DAYS = 31
LONGEST_WALK_DAYS = 366 * 30  # a span longer than this is a mistake, not a service level


def _local(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as naive local wall-clock time."""
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(tzinfo=None)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment, timezone.get_default_timezone())


class WorkingCalendar:
    """The calendar as read once: reuse one instance for many computations in one request or
    job (it does not see changes saved after it read them)."""

    def __init__(self) -> None:
        self.week: dict[int, list[tuple[datetime.time, datetime.time]]] = {d: [] for d in range(7)}
        for weekday, start, end in WorkingPeriod.objects.order_by("weekday", "start").values_list(
            "weekday", "start", "end"
        ):
            self.week[weekday].append((start, end))
        self.weekly_seconds = sum(
            _seconds(start, end) for periods in self.week.values() for start, end in periods
        )
        self.special: dict[datetime.date, tuple[str, int | None]] = {}
        self.loaded: tuple[datetime.date, datetime.date] | None = None

    # The special days -------------------------------------------------------------------------

    def _load(self, first: datetime.date, last: datetime.date) -> None:
        """Read the special days from ``first`` to ``last`` in one query (both included)."""
        if self.loaded is not None:
            if self.loaded[0] <= first and last <= self.loaded[1]:
                return
            first, last = min(first, self.loaded[0]), max(last, self.loaded[1])
        rows = CalendarDay.objects.filter(date__range=(first, last)).values_list(
            "date", "kind", "follows"
        )
        self.special = {day: (kind, follows) for day, kind, follows in rows}
        self.loaded = (first, last)

    def _stretch(self, hours: Decimal) -> int:
        """Days of calendar that probably hold ``hours`` working hours, with a month to spare."""
        if self.weekly_seconds <= 0:
            return STRETCH_MARGIN_DAYS
        weeks = hours * HOUR / self.weekly_seconds
        return math.ceil(weeks * 7) + STRETCH_MARGIN_DAYS

    def periods(self, day: datetime.date) -> list[tuple[datetime.time, datetime.time]]:
        """The working periods of ``day`` (local times)."""
        self._load(day, day)
        kind, follows = self.special.get(day, ("", None))
        if kind == CalendarDay.Kind.HOLIDAY:
            return []
        if kind == CalendarDay.Kind.WORKDAY and follows is not None:
            return self.week[follows]
        return self.week[day.weekday()]

    def is_working_day(self, day: datetime.date) -> bool:
        return bool(self.periods(day))

    def _intervals(self, day: datetime.date) -> Iterator[Interval]:
        for start, end in self.periods(day):
            yield datetime.datetime.combine(day, start), datetime.datetime.combine(day, end)

    # The arithmetic -----------------------------------------------------------------------------

    def add_working_hours(
        self, start: datetime.datetime, hours: Decimal | int | float
    ) -> datetime.datetime:
        """The earliest moment at which ``hours`` working hours have passed since ``start``
        (``start`` itself for 0; a start outside working time counts from the next working
        moment, so the answer is always in or at the end of a working period)."""
        amount = Decimal(str(hours))
        if not amount.is_finite() or amount < 0:
            raise ValueError("hours must be a finite number, 0 or more")
        if amount == 0:
            return start
        if self.weekly_seconds <= 0:
            raise Conflict(_("The working calendar has no working hours in the week."))
        remaining = datetime.timedelta(microseconds=int(amount * HOUR * 1_000_000))
        cursor = _local(start)
        day, stretch = cursor.date(), self._stretch(amount)
        for _step in range(LONGEST_WALK_DAYS):
            if self.loaded is None or day > self.loaded[1]:
                self._load(day, day + datetime.timedelta(days=stretch))
            for begin, end in self._intervals(day):
                begin = max(begin, cursor)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return _aware(begin + remaining)
                remaining -= end - begin
            day += datetime.timedelta(days=1)
        raise ValueError("hours reach beyond the calendar's longest span")

    def working_hours_between(self, start: datetime.datetime, end: datetime.datetime) -> Decimal:
        """Working hours from ``start`` to ``end`` (0 when ``end`` is not after ``start``),
        to two decimal places."""
        if end <= start:
            return Decimal("0.00")
        first, last = _local(start), _local(end)
        if (last.date() - first.date()).days > LONGEST_WALK_DAYS:
            raise ValueError("the span is longer than the calendar's longest span")
        self._load(first.date(), last.date())
        total = datetime.timedelta()
        day = first.date()
        while day <= last.date():
            for begin, finish in self._intervals(day):
                begin, finish = max(begin, first), min(finish, last)
                if begin < finish:
                    total += finish - begin
            day += datetime.timedelta(days=1)
        seconds = Decimal(total // datetime.timedelta(microseconds=1)) / 1_000_000
        return (seconds / HOUR).quantize(CENT, rounding=ROUND_HALF_UP)


def _seconds(start: datetime.time, end: datetime.time) -> int:
    return (
        (end.hour - start.hour) * 3600
        + (end.minute - start.minute) * 60
        + (end.second - start.second)
    )


def add_working_hours(start: datetime.datetime, hours: Decimal | int | float) -> datetime.datetime:
    """The moment ``hours`` working hours after ``start`` (see ``WorkingCalendar``)."""
    return WorkingCalendar().add_working_hours(start, hours)


def working_hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Working hours from ``start`` to ``end``, 0 if ``end <= start``, to two places."""
    return WorkingCalendar().working_hours_between(start, end)


def is_working_day(day: datetime.date) -> bool:
    """``day`` has working time: a weekday with periods that is no holiday, or a make-up day."""
    return WorkingCalendar().is_working_day(day)
