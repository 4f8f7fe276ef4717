"""Service case pages and API (SVC-1, SVC-3): the list with its filters, sorting and download,
a new case through the form, steps by button, the case's scope, and API errors naming the field
or the clause."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.sales_steps import customer
from tests.stock import person
from yunying.core import search
from yunying.service.models import ComplaintCause, ServiceCase
from yunying.service.services.cases import NewCase, open_case

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def complaint() -> ServiceCase:
    return open_case(
        NewCase(kind="complaint", channel="email", customer=customer("C001"), subject="组件破损"),
        actor=person("cs_lead"),
    )


@pytest.mark.clause("SVC-1")
def test_a_case_is_opened_through_the_form_and_listed_sorted_and_downloaded(web) -> None:
    client = english(web("cs_lead"))
    empty = client.post("/service/cases/new/", {"kind": "inquiry", "channel": "phone"})
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()
    made = client.post(
        "/service/cases/new/",
        {
            "kind": "inquiry",
            "channel": "wechat",
            "priority": "high",
            "customer": customer("C001").pk,
            "subject": "逆变器报警咨询",
        },
    )
    case = ServiceCase.objects.get(subject="逆变器报警咨询")
    assert made.status_code == 302 and made["Location"] == f"/service/cases/{case.pk}/"
    page = client.get(f"/service/cases/{case.pk}/").content.decode()
    assert case.number in page and 'id="step-start"' in page and "shell" in page
    listed = client.get("/service/cases/?kind=inquiry&sort=-number").content.decode()
    assert case.number in listed
    assert client.get("/service/cases/?format=xlsx").status_code == 200
    assert client.get("/service/cases/?sort=nonsense").status_code == 200
    assert [h.label for g in search.search(person("cs_lead"), case.number) for h in g.hits] == [
        case.number
    ]


@pytest.mark.clause("SVC-3")
def test_steps_by_button_and_a_refused_close_shows_the_clause(web) -> None:
    case = complaint()
    client = english(web("cs_lead"))
    client.post(f"/service/cases/{case.pk}/investigate/")
    client.post(f"/service/cases/{case.pk}/resolve/", {"resolution": "补发"})
    client.post(f"/service/cases/{case.pk}/confirm/")
    refused = client.post(f"/service/cases/{case.pk}/close/", {"resolution": "补发"}, follow=True)
    assert "SVC-3" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == "customer_confirmed"
    cause = ComplaintCause.objects.get(code="QUALITY")
    client.post(f"/service/cases/{case.pk}/close/", {"resolution": "补发", "cause": cause.pk})
    case.refresh_from_db()
    assert case.state == "closed"
    assert client.post(f"/service/cases/{case.pk}/nonsense/").status_code == 302


@pytest.mark.clause("SVC-1")
def test_a_case_outside_the_scope_is_not_found(web, api) -> None:
    cases = [complaint(), complaint()]
    other = next(c for c in cases if c.assignee != person("cs_agent"))
    assert web("cs_agent").get(f"/service/cases/{other.pk}/").status_code == 404
    assert api("cs_agent").get(f"/api/v1/service-cases/{other.pk}/").status_code == 404
    assert web("buyer").get("/service/cases/").status_code == 403


@pytest.mark.clause("SVC-3")
def test_the_api_opens_and_moves_cases_and_names_the_field_or_the_clause(api) -> None:
    client = api("cs_lead")
    missing = client.post(
        "/api/v1/service-cases/",
        {"kind": "complaint", "channel": "phone", "customer": customer("C001").pk},
        format="json",
    )
    assert missing.status_code == 400 and "subject" in missing.json()["errors"]
    made = client.post(
        "/api/v1/service-cases/",
        {"kind": "complaint", "channel": "phone", "customer": customer("C001").pk, "subject": "X"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    skipped = client.post(f"/api/v1/service-cases/{pk}/step/", {"verb": "close"}, format="json")
    assert skipped.status_code == 409 and skipped.json()["clause"] == "SVC-3"
    unknown = client.post(
        f"/api/v1/service-cases/{pk}/step/", {"verb": "investigate", "cause": 999999}, format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "cause"
    moved = client.post(f"/api/v1/service-cases/{pk}/step/", {"verb": "investigate"}, format="json")
    assert moved.status_code == 200 and moved.json()["state"] == "investigating"
    listed = client.get("/api/v1/service-cases/?kind=complaint&sort=-number")
    assert listed.status_code == 200 and listed.json()["results"][0]["id"] == pk
    assert client.get("/api/v1/service-cases/?sort=nonsense").status_code == 400
    assert len(client.get("/api/v1/complaint-causes/").json()) >= 5


@pytest.mark.clause("SVC-3")
def test_supervisors_keep_the_complaint_causes(api) -> None:
    added = api("cs_lead").post(
        "/api/v1/complaint-causes/", {"code": "pack", "name": "包装不当"}, format="json"
    )
    assert added.status_code == 200 and added.json()["code"] == "PACK"
    nameless = api("cs_lead").post(
        "/api/v1/complaint-causes/", {"code": "PACK", "name": " "}, format="json"
    )
    assert nameless.status_code == 400 and nameless.json()["field"] == "name"
    refused = api("cs_agent").post(
        "/api/v1/complaint-causes/", {"code": "X", "name": "其他"}, format="json"
    )
    assert refused.status_code == 403


@pytest.mark.clause("SVC-3")
def test_the_causes_page_adds_a_cause_and_shows_a_bad_one_on_the_form(web) -> None:
    client = english(web("cs_lead"))
    assert "物流破损" in client.get("/service/causes/").content.decode()
    bad = client.post("/service/causes/", {"code": "PACK", "name": " "})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    client.post("/service/causes/", {"code": "pack", "name": "包装不当", "active": "on"})
    assert ComplaintCause.objects.get(code="PACK").name == "包装不当"
    assert web("cs_agent").get("/service/causes/").status_code == 403
