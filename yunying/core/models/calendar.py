"""The company's working calendar (``core.calendar``): the working periods of each weekday, and
the special days of each year, statutory holidays and make-up working days (调休).

A weekday without periods is a weekly rest day. A holiday has no working time whatever its
weekday; a make-up working day works the periods of the weekday it follows (``follows``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingPeriod(models.Model):
    """Working time on every ``weekday`` from ``start`` to ``end`` (local time); a lunch break
    is the gap between two periods of a day."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("working period")
        verbose_name_plural = _("working periods")
        ordering: ClassVar = ["weekday", "start", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="working_period_start_before_end"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="working_period_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class CalendarDay(models.Model):
    """A day that differs from its weekday: a statutory holiday, or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    # The weekday whose periods a make-up working day works; null for a holiday.
    follows = models.PositiveSmallIntegerField(_("works as"), choices=Weekday.choices, null=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering: ClassVar = ["date"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind="holiday", follows__isnull=True)
                | Q(kind="workday", follows__isnull=False, follows__lte=6),
                name="calendar_day_follows_for_workdays",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
