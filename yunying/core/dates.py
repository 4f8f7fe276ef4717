"""Calendar arithmetic the regulations need (cadences, review dates, payment terms)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months``; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_period(day: datetime.date, every: int, unit: str) -> datetime.date:
    if unit == "day":
        return day + datetime.timedelta(days=every)
    if unit == "week":
        return day + datetime.timedelta(weeks=every)
    if unit == "month":
        return add_months(day, every)
    if unit == "year":
        return add_months(day, 12 * every)
    raise ValueError(unit)
