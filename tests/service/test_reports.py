"""Service reports (SVC-2): the working hours a case took to its first response and to its
resolution, counted on the working calendar (weekends and lunch are not worked, the time waited
for the customer does not count) and kept on the case; the share answered and resolved within
standard; grouping; complaint causes; the reader's scope; bad parameters; the Excel file; the
statements the page and the API cost."""

from __future__ import annotations

import datetime
import importlib
import io
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.sales_steps import customer
from tests.stock import person
from yunying.core.models import AuditEvent
from yunying.service.models import ComplaintCause, ServiceCase
from yunying.service.services import standards
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIOD = "from=2025-02-01&to=2025-03-31"
SLA = "/api/v1/service-reports/sla/"
CAUSES = "/api/v1/service-reports/causes/"


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def opened(kind: str, priority: str, moment: str, assignee: str = "cs_agent") -> ServiceCase:
    case = open_case(
        NewCase(
            kind=kind, channel="phone", customer=customer("C001"), subject="报表", priority=priority
        ),
        actor=person("cs_lead"),
    )
    case.opened_at = at(moment)
    standards.set_due(case)
    ServiceCase.objects.filter(pk=case.pk).update(
        opened_at=case.opened_at,
        response_due_at=case.response_due_at,
        resolution_due_at=case.resolution_due_at,
        assignee=person(assignee),
    )
    case.refresh_from_db()
    return case


def step(case: ServiceCase, verb: str, moment: str, **extra: object) -> ServiceCase:
    """The step taken by the team's lead at ``moment``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: at(moment))
        return act(case=case, verb=verb, actor=person("cs_lead"), **extra)  # type: ignore[arg-type]


def answered_in_time() -> ServiceCase:
    """An inquiry (4 h to answer, 24 h to resolve) opened on a Friday at 17:00, answered on
    Monday at 10:30 across the weekend, waiting for the customer over lunch, resolved at 14:30."""
    case = opened("inquiry", "normal", "2025-03-07 17:00")
    case = step(case, "start", "2025-03-10 10:30")
    case = step(case, "wait", "2025-03-10 11:00")
    case = step(case, "resume", "2025-03-10 13:30")
    return step(case, "resolve", "2025-03-10 14:30", resolution="已解答")


def answered_late() -> ServiceCase:
    """A high complaint (1 h to answer, 16 h to resolve) opened on Monday at 11:30, first
    answered after lunch, at 14:00, and resolved on Tuesday at 10:00."""
    case = opened("complaint", "high", "2025-03-10 11:30")
    case = step(case, "investigate", "2025-03-10 14:00")
    return step(case, "resolve", "2025-03-11 10:00", resolution="已更换")


@pytest.mark.clause("SVC-2")
def test_the_case_keeps_the_working_hours_it_took_and_whether_it_met_its_standard() -> None:
    early = answered_in_time()
    # 1 h on Friday and 1.5 h on Monday; 5.5 h to resolve, less the 1.5 h waited
    assert (early.response_hours, early.response_met) == (Decimal("2.50"), True)
    assert (early.resolution_hours, early.resolution_met) == (Decimal("4.00"), True)
    late = answered_late()
    # 0.5 h before lunch and 1 h after it: past the hour it had
    assert (late.response_hours, late.response_met) == (Decimal("1.50"), False)
    assert (late.resolution_hours, late.resolution_met) == (Decimal("6.50"), True)


@pytest.mark.clause("SVC-2")
def test_reopening_clears_the_resolution_and_resolving_again_counts_anew() -> None:
    case = step(answered_late(), "reopen", "2025-03-11 11:00")
    assert (case.resolved_at, case.resolution_hours, case.resolution_met) == (None, None, None)
    assert case.response_hours == Decimal("1.50")
    case = step(case, "resolve", "2025-03-13 18:00", resolution="再次更换")
    # Monday 5.5 h, Tuesday to Thursday 8 h each: past its 16 hours
    assert (case.resolution_hours, case.resolution_met) == (Decimal("29.50"), False)


@pytest.mark.clause("SVC-2")
def test_the_report_gives_the_share_within_standard_and_the_hours(api) -> None:
    answered_in_time()
    answered_late()
    opened("inquiry", "low", "2025-02-12 10:00")  # not answered yet
    answer = api("cs_lead").get(f"{SLA}?{PERIOD}&group=month")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    totals = body["totals"]
    assert (totals["cases"], totals["responded"], totals["resolved"]) == (3, 2, 2)
    assert (totals["response_rate"], totals["resolution_rate"]) == ("50.0", "100.0")
    assert (totals["response_average"], totals["response_median"]) == ("2.00", "2.00")
    assert (totals["resolution_average"], totals["resolution_median"]) == ("5.25", "5.25")
    months = {row["value"]: row for row in body["rows"]}
    assert set(months) == {"2025-02", "2025-03"}
    assert (months["2025-02"]["cases"], months["2025-02"]["response_rate"]) == (1, None)
    assert (months["2025-03"]["cases"], months["2025-03"]["response_rate"]) == (2, "50.0")


def test_rows_are_grouped_by_kind_team_and_assignee(api) -> None:
    answered_in_time()
    answered_late()
    opened("inquiry", "low", "2025-02-12 10:00", assignee="cs_lead")
    client = api("cs_lead")
    kinds = {r["value"]: r for r in client.get(f"{SLA}?{PERIOD}&group=kind").json()["rows"]}
    assert {k: (r["cases"], r["response_rate"]) for k, r in kinds.items()} == {
        "complaint": (1, "0.0"),
        "inquiry": (2, "100.0"),
    }
    teams = client.get(f"{SLA}?{PERIOD}&group=team").json()["rows"]
    assert [(r["label"], r["cases"]) for r in teams] == [(person("cs_lead").department.name, 3)]
    assignees = client.get(f"{SLA}?{PERIOD}&group=assignee").json()["rows"]
    by_name = {r["label"]: r["cases"] for r in assignees}
    assert by_name == {person("cs_agent").name: 2, person("cs_lead").name: 1}
    median = {r["value"]: r["resolution_median"] for r in assignees}
    assert median[str(person("cs_agent").pk)] == "5.25"


def test_complaints_by_cause_and_cases_by_kind_with_their_shares(api) -> None:
    cause = ComplaintCause.objects.create(code="R-PACK", name="包装破损")
    late = answered_late()
    ServiceCase.objects.filter(pk=late.pk).update(cause=cause)
    opened("complaint", "normal", "2025-03-12 10:00")
    answered_in_time()
    body = api("cs_lead").get(f"{CAUSES}?{PERIOD}").json()
    assert [(r["code"], r["cases"], r["share"]) for r in body["causes"]] == [
        ("R-PACK", 1, "50.0"),
        ("", 1, "50.0"),
    ]
    assert body["causes"][1]["cause"] is None
    assert {r["kind"]: (r["cases"], r["share"]) for r in body["kinds"]} == {
        "complaint": (2, "66.7"),
        "inquiry": (1, "33.3"),
    }


def test_an_agent_reads_the_figures_of_their_own_cases_only(api, web) -> None:
    answered_in_time()
    answered_late()
    opened("inquiry", "low", "2025-02-12 10:00", assignee="cs_lead")
    assert api("cs_agent").get(f"{SLA}?{PERIOD}").json()["totals"]["cases"] == 2
    assert api("cs_lead").get(f"{SLA}?{PERIOD}").json()["totals"]["cases"] == 3
    assert api("buyer").get(SLA).status_code == 403
    assert web("buyer").get("/service/reports/").status_code == 403
    page = web("cs_agent").get(f"/service/reports/?{PERIOD}").content.decode()
    assert '<div class="value" id="total-cases">2</div>' in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2025-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-03-10&to=2025-03-01", "to"),
        ("group=customer", "group"),
        ("from=2025-01-01&to=9999-12-31", "to"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(api, web, query, field) -> None:
    for address in (SLA, CAUSES):
        answer = api("cs_lead").get(f"{address}?{query}")
        if field == "group" and address == CAUSES:
            assert answer.status_code == 200
            continue
        assert answer.status_code == 400 and answer.json()["field"] == field
    page = web("cs_lead").get(f"/service/reports/?{query}")
    assert page.status_code == 200 and f'data-field="{field}"' in page.content.decode()


def test_the_excel_file_holds_one_sheet_per_table_and_is_recorded(web) -> None:
    answered_in_time()
    answered_late()
    client = english(web("cs_lead"))
    answer = client.get(f"/service/reports/?{PERIOD}&group=kind&format=xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    assert book.sheetnames == ["Summary", "Service standards", "Complaint causes", "Case kinds"]
    standards_rows = list(book["Service standards"].iter_rows(values_only=True))
    assert [row[:3] for row in standards_rows[1:]] == [("complaint", 1, 1), ("inquiry", 1, 1)]
    assert AuditEvent.objects.filter(action="core.export", object_type="service.reports").exists()


def test_the_page_shows_the_figures_and_links_to_satisfaction(web) -> None:
    answered_in_time()
    answered_late()
    page = web("cs_lead").get(f"/service/reports/?{PERIOD}&group=team").content.decode()
    assert 'href="/service/satisfaction/"' in page and "data-chart" in page
    assert '<div class="value" id="total-response-rate">50.0%</div>' in page


def test_the_page_and_the_api_cost_a_fixed_number_of_statements(
    api, web, django_assert_max_num_queries
) -> None:
    for day in range(3, 6):
        answered_in_time()
        opened("complaint", "normal", f"2025-02-0{day} 10:00")
    client, reader = web("cs_lead"), api("cs_lead")
    client.get("/service/reports/")
    with django_assert_max_num_queries(15):
        assert client.get(f"/service/reports/?{PERIOD}&group=priority").status_code == 200
    with django_assert_max_num_queries(8):
        assert reader.get(f"{SLA}?{PERIOD}&group=assignee").status_code == 200
    with django_assert_max_num_queries(4):
        assert reader.get(f"{CAUSES}?{PERIOD}").status_code == 200


def test_the_migration_fills_the_hours_of_cases_answered_before_it() -> None:
    early, late = answered_in_time(), answered_late()
    ServiceCase.objects.filter(pk__in=[early.pk, late.pk]).update(
        response_hours=None, resolution_hours=None, response_met=None, resolution_met=None
    )
    migration = importlib.import_module("yunying.service.migrations.0004_case_hours")
    migration.fill_hours(django_apps, SimpleNamespace(connection=connection))
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.response_hours, early.resolution_hours) == (Decimal("2.50"), Decimal("4.00"))
    assert (late.response_met, late.resolution_met) == (False, True)
