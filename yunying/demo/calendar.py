"""The demo company's working calendar: the statutory holidays and make-up working days of
2026 and 2027 on the week of Monday to Friday, 09:00–12:00 and 13:00–18:00 (``calendar.yaml``;
core's migration sets the same week). Loading again adds only what is missing."""

from __future__ import annotations

import datetime
from typing import Any

from yunying.core.models import CalendarDay, Employee
from yunying.core.services import calendar

from .files import HERE, read_yaml


def calendar_days(data: dict[str, Any]) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = []
    for entry in data.get("holidays", []):
        day, last = entry["from"], entry["to"]
        while day <= last:
            days.append({"date": day, "kind": CalendarDay.Kind.HOLIDAY, "name": entry["name"]})
            day += datetime.timedelta(days=1)
    for entry in data.get("workdays", []):
        days.append(
            {
                "date": entry["date"],
                "kind": CalendarDay.Kind.WORKDAY,
                "name": entry["name"],
                "follows": entry["works_as"],
            }
        )
    return days


def working_week(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"weekday": weekday, "start": _clock(start), "end": _clock(end)}
        for weekday in data["week"]["weekdays"]
        for start, end in data["week"]["periods"]
    ]


def _clock(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def build_calendar(actor: Employee | None = None) -> list[CalendarDay]:
    """The demo's week (when the calendar has none) and its special days (those missing)."""
    data = read_yaml(HERE / "calendar.yaml")
    calendar.load_week(actor=actor, periods=working_week(data))
    return calendar.load_days(actor=actor, days=calendar_days(data))
