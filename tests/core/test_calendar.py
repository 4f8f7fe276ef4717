"""The working calendar: working hours across lunch, evenings, weekends, statutory holidays and
make-up working days (the demo's 2026 calendar, Monday to Friday 09:00–12:00 and 13:00–18:00),
and its administration by page and API, refused duplicates, permissions and audit."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from yunying.core.calendar import (
    WorkingCalendar,
    add_working_hours,
    is_working_day,
    working_hours_between,
)
from yunying.core.errors import Conflict
from yunying.core.models import AuditEvent, CalendarDay, WorkingPeriod
from yunying.core.services import calendar
from yunying.demo.calendar import build_calendar

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    """``at("2026-03-02 10:00")``: that moment in Shanghai."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


CASES = [
    # start, hours, end
    ("2026-03-02 11:00", 2, "2026-03-02 14:00"),  # across lunch (Monday)
    ("2026-03-02 17:00", 2, "2026-03-03 10:00"),  # across an evening
    ("2026-03-06 17:00", 2, "2026-03-09 10:00"),  # across a weekend (Friday → Monday)
    ("2026-04-30 17:00", 2, "2026-05-06 10:00"),  # 劳动节 May 1–5, Saturday May 2 not worked
    ("2026-05-08 17:30", 1, "2026-05-09 09:30"),  # make-up Saturday May 9 is worked
    ("2026-02-13 17:00", 2, "2026-02-14 10:00"),  # 春节 make-up Saturday Feb 14
    ("2026-02-14 17:00", 2, "2026-02-24 10:00"),  # then the holiday Feb 15–23
    ("2026-03-02 12:30", 1, "2026-03-02 14:00"),  # starts at lunch: counts from 13:00
    ("2026-03-02 07:00", 1, "2026-03-02 10:00"),  # starts before work
    ("2026-03-07 10:00", 1, "2026-03-09 10:00"),  # starts on a Saturday
    ("2026-03-02 09:00", Decimal("1.25"), "2026-03-02 10:15"),
    ("2026-03-02 09:00", 8, "2026-03-02 18:00"),  # a whole day ends at 18:00, not next morning
    ("2026-03-02 09:00", 40, "2026-03-06 18:00"),  # a whole week
]


@pytest.mark.parametrize(("start", "hours", "end"), CASES)
def test_add_working_hours(start: str, hours: Decimal | int, end: str) -> None:
    assert add_working_hours(at(start), hours) == at(end)


@pytest.mark.parametrize(("start", "hours", "end"), CASES)
def test_working_hours_between_is_the_inverse(start: str, hours: Decimal | int, end: str) -> None:
    assert working_hours_between(at(start), at(end)) == Decimal(hours).quantize(Decimal("0.01"))
    assert add_working_hours(at(start), working_hours_between(at(start), at(end))) == at(end)


def test_working_hours_between() -> None:
    assert working_hours_between(at("2026-03-02 10:00"), at("2026-03-02 10:00")) == Decimal("0")
    assert working_hours_between(at("2026-03-03 10:00"), at("2026-03-02 10:00")) == Decimal("0")
    assert working_hours_between(at("2026-03-02 12:00"), at("2026-03-02 13:00")) == Decimal("0")
    assert working_hours_between(at("2026-03-06 18:00"), at("2026-03-09 09:00")) == Decimal("0")
    assert working_hours_between(at("2026-09-30 18:00"), at("2026-10-08 09:00")) == 0  # 国庆
    # The make-up Sunday before 国庆 (Sep 20) works a Monday's hours.
    assert working_hours_between(at("2026-09-19 00:00"), at("2026-09-21 00:00")) == 8
    assert working_hours_between(at("2026-03-02 09:20"), at("2026-03-02 09:21")) == Decimal("0.02")
    # A month of 2026 (March): 22 working days of 8 hours.
    assert working_hours_between(at("2026-03-01 00:00"), at("2026-04-01 00:00")) == 176


def test_other_time_zones_mean_the_same_moment() -> None:
    start = at("2026-03-02 11:00").astimezone(datetime.UTC)
    assert add_working_hours(start, 2) == at("2026-03-02 14:00")


def test_working_days() -> None:
    assert is_working_day(datetime.date(2026, 3, 2))
    assert not is_working_day(datetime.date(2026, 3, 7))  # Saturday
    assert not is_working_day(datetime.date(2026, 10, 1))  # 国庆节
    assert is_working_day(datetime.date(2026, 10, 10))  # make-up Saturday
    assert is_working_day(datetime.date(2026, 1, 4))  # make-up Sunday


def test_long_spans_read_the_calendar_once(django_assert_max_num_queries: object) -> None:
    calendar = WorkingCalendar()
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        end = calendar.add_working_hours(at("2026-01-05 09:00"), 8 * 60)
    assert end.date() > datetime.date(2026, 3, 20)
    with django_assert_max_num_queries(0):  # type: ignore[operator]
        assert calendar.working_hours_between(at("2026-01-05 09:00"), end) == 480


def test_refuses_negative_hours() -> None:
    with pytest.raises(ValueError):
        add_working_hours(at("2026-03-02 09:00"), -1)
    assert add_working_hours(at("2026-03-07 10:00"), 0) == at("2026-03-07 10:00")


# The administration ------------------------------------------------------------------------


def test_a_make_up_day_works_the_hours_of_its_weekday(people: Any) -> None:
    admin = people("admin")
    calendar.add_period(actor=admin, weekday=0, start=datetime.time(19), end=datetime.time(20))
    calendar.add_day(
        actor=admin, date=datetime.date(2026, 3, 7), kind="workday", name="调休", follows=0
    )
    assert add_working_hours(at("2026-03-06 17:00"), 2) == at("2026-03-07 10:00")
    assert working_hours_between(at("2026-03-07 00:00"), at("2026-03-08 00:00")) == 9
    assert working_hours_between(at("2026-03-06 00:00"), at("2026-03-07 00:00")) == 8


def test_the_page_adds_and_removes_days_audited(web: Any) -> None:
    admin = web("admin")
    page = admin.get("/system/calendar/?year=2026")
    assert page.status_code == 200
    assert "春节" in page.content.decode() and "劳动节调休" in page.content.decode()
    answer = admin.post(
        "/system/calendar/days/?year=2026",
        {"date": "2026-12-31", "kind": "holiday", "name": "年终盘点"},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("?year=2026")
    day = CalendarDay.objects.get(date="2026-12-31")
    added = AuditEvent.objects.get(action="core.add_calendar_day", object_id=str(day.pk))
    assert added.actor_name == "周敏" and added.changes["name"] == "年终盘点"
    answer = admin.post(f"/system/calendar/days/{day.pk}/delete/")
    assert answer.status_code == 302
    assert not CalendarDay.objects.filter(date="2026-12-31").exists()
    assert AuditEvent.objects.filter(
        action="core.delete_calendar_day", object_id=str(day.pk)
    ).exists()


def test_the_page_refuses_a_duplicate_date_on_the_form(web: Any) -> None:
    answer = web("admin").post(
        "/system/calendar/days/?year=2026",
        {"date": "2026-10-01", "kind": "workday", "name": "again", "follows": "0"},
    )
    assert answer.status_code == 200
    assert "2026-10-01 已在日历中" in answer.context["day_form"].errors["date"][0]  # zh-hans
    assert CalendarDay.objects.get(date="2026-10-01").name == "国庆节"


def test_the_page_refuses_a_make_up_day_without_its_weekday(web: Any) -> None:
    answer = web("admin").post(
        "/system/calendar/days/", {"date": "2026-03-14", "kind": "workday", "name": "调休"}
    )
    assert answer.status_code == 200 and answer.context["day_form"].errors["follows"]
    assert not CalendarDay.objects.filter(date="2026-03-14").exists()


def test_the_page_and_its_actions_are_for_the_administrator(web: Any) -> None:
    someone = web("ops_manager")
    assert someone.get("/system/calendar/").status_code == 403
    answer = someone.post("/system/calendar/days/", {"date": "2026-12-31", "kind": "holiday"})
    assert answer.status_code == 403
    period = WorkingPeriod.objects.first()
    assert period is not None
    assert someone.post(f"/system/calendar/periods/{period.pk}/delete/").status_code == 403
    assert WorkingPeriod.objects.filter(pk=period.pk).exists()


def test_the_page_refuses_overlapping_periods(web: Any) -> None:
    answer = web("admin").post(
        "/system/calendar/periods/", {"weekday": "0", "start": "11:00", "end": "14:00"}
    )
    assert answer.status_code == 200 and answer.context["period_form"].errors["start"]
    answer = web("admin").post(
        "/system/calendar/periods/", {"weekday": "5", "start": "09:00", "end": "12:00"}
    )
    assert answer.status_code == 302
    assert is_working_day(datetime.date(2026, 3, 7))
    assert AuditEvent.objects.filter(action="core.add_working_period").exists()


def test_the_week_keeps_a_period(people: Any) -> None:
    admin = people("admin")
    periods = list(WorkingPeriod.objects.all())
    for period in periods[1:]:
        calendar.delete_period(actor=admin, period=period)
    with pytest.raises(Conflict):
        calendar.delete_period(actor=admin, period=periods[0])


def test_the_api_refuses_a_duplicate_naming_the_field(api: Any) -> None:
    client = api("admin")
    answer = client.post(
        "/api/v1/calendar-days/",
        {"date": "2026-05-01", "kind": "holiday", "name": "劳动节"},
        format="json",
    )
    assert answer.status_code == 400 and answer.json()["field"] == "date"
    answer = client.post(
        "/api/v1/calendar-days/",
        {"date": "2027-02-13", "kind": "workday", "name": "春节调休", "follows": 0},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["follows"] == 0
    assert AuditEvent.objects.filter(action="core.add_calendar_day").exists()
    listed = client.get("/api/v1/calendar-days/?year=2027").json()
    assert [row["name"] for row in listed if row["date"] == "2027-02-13"] == ["春节调休"]
    assert all(row["date"].startswith("2027-") for row in listed)


def test_the_api_writes_for_the_administrator_only(api: Any) -> None:
    client = api("ops_manager")
    periods = client.get("/api/v1/working-periods/").json()
    assert {"weekday": 0, "start": "09:00", "end": "12:00"}.items() <= periods[0].items()
    answer = client.post(
        "/api/v1/working-periods/",
        {"weekday": 5, "start": "09:00", "end": "12:00"},
        format="json",
    )
    assert answer.status_code == 403
    day = CalendarDay.objects.get(date="2026-10-01")
    assert client.delete(f"/api/v1/calendar-days/{day.pk}/").status_code == 403
    answer = api("admin").delete(f"/api/v1/calendar-days/{day.pk}/")
    assert answer.status_code == 204
    assert not is_working_day(datetime.date(2026, 10, 2))
    assert is_working_day(datetime.date(2026, 10, 1))


def test_the_demo_calendar_loads_once() -> None:
    before = CalendarDay.objects.count()
    assert build_calendar() == []
    assert CalendarDay.objects.count() == before
    assert CalendarDay.objects.filter(date__year=2027, name="春节").count() == 4


def test_an_emptied_database_gets_the_demo_week_again() -> None:
    WorkingPeriod.objects.all().delete()  # as a flushed database of transactional tests
    build_calendar()
    assert WorkingPeriod.objects.count() == 10
    assert add_working_hours(at("2026-03-02 11:00"), 2) == at("2026-03-02 14:00")
