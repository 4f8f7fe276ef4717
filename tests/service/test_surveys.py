"""Satisfaction surveys (SVC-4): a resolved case sends one, answered once through a signed link
that needs no account; a changed, expired or used link is refused; periodic surveys go out once
per customer and period; the report counts per period and team, person or region."""

from __future__ import annotations

import datetime
import io
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.helpers import set_rule
from tests.sales_steps import customer
from tests.stock import person
from yunying.core.models import AuditEvent
from yunying.masterdata.models import Contact, Customer
from yunying.service.models import ServiceCase, Survey
from yunying.service.selectors import satisfaction
from yunying.service.selectors.surveys import link_for, token_for
from yunying.service.services import surveys
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

pytestmark = pytest.mark.django_db


def resolved_case(code: str = "C001", subject: str = "逆变器报警咨询") -> ServiceCase:
    lead = person("cs_lead")
    case = open_case(
        NewCase(kind="inquiry", channel="phone", customer=customer(code), subject=subject),
        actor=lead,
    )
    return act(case=case, verb="resolve", resolution="已远程处理", actor=lead)


def address(survey: Survey) -> str:
    return f"/survey/{token_for(survey)}/"


def later(days: int) -> Any:
    moment = timezone.now() + datetime.timedelta(days=days)
    return mock.patch.object(timezone, "now", return_value=moment)


@pytest.mark.clause("SVC-4")
def test_a_resolved_case_sends_a_survey_answered_once_without_an_account(
    django_capture_on_commit_callbacks: Any,
) -> None:
    Contact.objects.create(customer=customer("C001"), name="王工", email="wang@example.com")
    Contact.objects.create(customer=customer("C001"), name="李工", email="not an address")
    with django_capture_on_commit_callbacks(execute=True):
        case = resolved_case()
    survey = Survey.objects.get(case=case)
    assert (survey.reason, survey.team, survey.person) == ("after_case", case.team, case.assignee)
    assert survey.region_id == customer("C001").region_id and survey.answered_at is None
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]  # the bad address is skipped
    assert link_for(survey) in mail.outbox[0].body
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(address(survey))
    assert page.status_code == 200 and page["Content-Language"] == "zh-hans"
    text = page.content.decode()
    assert case.subject in text and 'name="score"' in text and "csrfmiddlewaretoken" in text
    assert case.customer.name not in text and case.number not in text  # nothing else shown
    token = anonymous.cookies["csrftoken"].value
    answered = anonymous.post(
        address(survey), {"score": "4", "comment": "响应很快", "csrfmiddlewaretoken": token}
    )
    assert answered.status_code == 200 and 'id="survey-thanks"' in answered.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "响应很快") and survey.answered_at
    event = AuditEvent.objects.get(action="service.survey_answered", object_id=str(survey.pk))
    assert event.clause == "SVC-4" and event.changes["score"] == 4
    # Resolving again after a reopen sends no second survey.
    lead = person("cs_lead")
    act(case=act(case=case, verb="reopen", actor=lead), verb="resolve", actor=lead)
    assert Survey.objects.filter(case=case).count() == 1


@pytest.mark.clause("SVC-4")
def test_the_link_refuses_reuse_expiry_and_a_tampered_token() -> None:
    survey = Survey.objects.get(case=resolved_case())
    client = Client()
    url = address(survey)
    assert client.post(url, {"score": "5"}).status_code == 200
    again = client.post(url, {"score": "1", "comment": "改主意了"})
    assert again.status_code == 200 and 'id="survey-answered"' in again.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (5, "")  # the second answer did not count
    with pytest.raises(surveys.RuleViolation):
        surveys.answer(survey=survey, score=2)

    other = Survey.objects.get(case=resolved_case(subject="安装咨询"))
    with later(15):  # the rule gives the link 14 days
        expired = client.post(address(other), {"score": "3"})
    assert expired.status_code == 410 and 'id="survey-expired"' in expired.content.decode()
    other.refresh_from_db()
    assert other.answered_at is None

    token = token_for(other)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (changed, "abc", token.replace(str(other.pk), str(survey.pk), 1) + "x"):
        refused = client.get(f"/survey/{bad}/")
        assert refused.status_code == 404 and 'id="survey-invalid"' in refused.content.decode()
    # A link signed for another survey's id with a guessed nonce names nothing.
    forged = token_for(Survey(pk=other.pk, nonce="guess", sent_at=other.sent_at))
    assert client.get(f"/survey/{forged}/").status_code == 404


@pytest.mark.clause("SVC-4")
def test_a_score_out_of_range_is_refused_and_nothing_is_saved() -> None:
    survey = Survey.objects.get(case=resolved_case())
    client = Client()
    for score in ("0", "6", "abc", ""):
        refused = client.post(address(survey), {"score": score, "comment": "x"})
        assert refused.status_code == 400 and "errorlist" in refused.content.decode()
    with pytest.raises(surveys.ValidationFailed) as error:
        surveys.answer(survey=survey, score=9)
    assert error.value.field == "score"
    survey.refresh_from_db()
    assert survey.answered_at is None and survey.score is None


@pytest.mark.clause("SVC-4")
def test_periodic_surveys_go_once_per_customer_and_period(
    django_capture_on_commit_callbacks: Any,
) -> None:
    Contact.objects.create(customer=customer("C002"), name="赵经理", email="zhao@example.com")
    active = Customer.objects.filter(active=True).count()
    day = datetime.date(2026, 8, 15)
    with django_capture_on_commit_callbacks(execute=True):
        sent = surveys.send_periodic(today=day)
    assert len(sent) == active
    assert {s.period_start for s in sent} == {datetime.date(2026, 7, 1)}  # half-years
    assert ["zhao@example.com"] in [m.to for m in mail.outbox]
    assert surveys.send_periodic(today=datetime.date(2026, 12, 31)) == []  # same period
    assert Survey.objects.filter(reason="periodic").count() == active
    assert len(surveys.send_periodic(today=datetime.date(2027, 1, 2))) == active
    set_rule("service.surveys", {"after_case": False, "periodic_months": 0, "expires_days": 14})
    assert surveys.send_periodic(today=datetime.date(2027, 9, 1)) == []
    case = resolved_case()
    assert not Survey.objects.filter(case=case).exists()


def answered(case: ServiceCase, score: int) -> Survey:
    return surveys.answer(survey=Survey.objects.get(case=case), score=score, comment="")


@pytest.mark.clause("SVC-4")
def test_the_report_counts_per_team_person_and_region(web, api) -> None:
    cases = [resolved_case(code) for code in ("C001", "C001", "C002", "C002")]
    for case, score in zip(cases[:3], (5, 4, 2), strict=True):
        answered(case, score)
    lead = person("cs_lead")
    filters = satisfaction.default_filters()
    by_person = {
        row["label"]: row
        for row in satisfaction.report(
            lead, satisfaction.Filters(filters.start, filters.end, "person")
        )
    }
    expected: dict[str, list[int | None]] = {}
    for case, score in zip(cases, (5, 4, 2, None), strict=True):
        expected.setdefault(case.assignee.name, []).append(score)  # type: ignore[union-attr]
    for name, scores in expected.items():
        row = by_person[name]
        given = [s for s in scores if s is not None]
        assert (row["sent"], row["answered"]) == (len(scores), len(given))
        assert row["average"] == pytest.approx(sum(given) / len(given))
        assert row["satisfied"] == len([s for s in given if s >= 4])
    by_region = satisfaction.report(
        lead, satisfaction.Filters(filters.start, filters.end, "region")
    )
    regions = {row["key"]: row for row in by_region}
    c1, c2 = customer("C001").region_id, customer("C002").region_id
    assert (regions[c1]["sent"], regions[c1]["average"]) == (2, pytest.approx(4.5))
    assert regions[c1]["satisfied_share"] == pytest.approx(1.0)
    assert (regions[c2]["answered"], regions[c2]["response_rate"]) == (1, pytest.approx(0.5))
    by_team = satisfaction.report(lead, satisfaction.Filters(filters.start, filters.end, "team"))
    assert [(row["label"], row["sent"], row["answered"]) for row in by_team] == [
        (cases[0].team.name, 4, 3)
    ]
    # An agent sees only the surveys about their own cases; others none.
    agent = person("cs_agent")
    own = sum(1 for case in cases if case.assignee_id == agent.pk)
    assert sum(r["sent"] for r in satisfaction.report(agent, filters)) == own
    assert satisfaction.report(person("buyer"), filters) == []

    answer = api("cs_lead").get("/api/v1/service-satisfaction/?group=region")
    assert answer.status_code == 200
    assert {row["key"]: row["sent"] for row in answer.json()} == {c1: 2, c2: 2}
    assert api("cs_lead").get("/api/v1/service-satisfaction/?group=nonsense").status_code == 400
    assert api("cs_lead").get("/api/v1/service-satisfaction/?from=2026-13-01").status_code == 400
    assert api("buyer").get("/api/v1/service-satisfaction/").status_code == 403
    listed = api("cs_lead").get("/api/v1/service-surveys/")
    assert listed.status_code == 200 and listed.json()["count"] == 4
    one = listed.json()["results"][0]
    assert api("cs_lead").get(f"/api/v1/service-surveys/{one['id']}/").json()["id"] == one["id"]
    if own < 4:
        outside = next(c for c in cases if c.assignee_id != agent.pk)
        survey = Survey.objects.get(case=outside)
        assert api("cs_agent").get(f"/api/v1/service-surveys/{survey.pk}/").status_code == 404


@pytest.mark.clause("SVC-4")
def test_the_page_charts_lists_and_downloads_the_report(web, django_assert_max_num_queries) -> None:
    for code, score in (("C001", 5), ("C003", 3)):
        answered(resolved_case(code), score)
    client = web("cs_lead")
    with django_assert_max_num_queries(25):
        page = client.get("/service/satisfaction/?group=region")
    text = page.content.decode()
    assert page.status_code == 200 and 'class="chart"' in text and 'id="satisfaction-table"' in text
    assert customer("C003").region.name in text
    assert client.get("/service/satisfaction/?from=bad").status_code == 200  # a message, no 500
    download = client.get("/service/satisfaction/?group=region&format=xlsx")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and sorted(r[5] for r in rows[1:]) == [3, 5]
    assert AuditEvent.objects.filter(action="core.export", object_type="service.survey").exists()
    assert web("buyer").get("/service/satisfaction/").status_code == 403


@pytest.mark.clause("SVC-4")
def test_the_case_page_shows_the_link_to_its_handlers(web) -> None:
    case = resolved_case()
    survey = Survey.objects.get(case=case)
    handler = case.assignee.user.username  # type: ignore[union-attr]
    page = web(handler).get(f"/service/cases/{case.pk}/").content.decode()
    assert 'id="case-survey-link"' in page and token_for(survey) in page
    viewer = web("ops_specialist").get(f"/service/cases/{case.pk}/")  # reads cases, handles none
    assert viewer.status_code == 200 and token_for(survey) not in viewer.content.decode()
