"""Bad input is a 400 that names the parameter, never a 500: the API answers its error body with
``field``, a page shows the message. A NUL character is refused once for every query parameter
and form field (PostgreSQL cannot hold one in text, so every search would fail with it); ids and
numbers typed into addresses are read as ASCII digits within range (``core.params``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.sales_steps import draft_order
from yunying.core.models import Department, Employee
from yunying.masterdata.models import Warehouse

pytestmark = pytest.mark.django_db


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == field
    assert body["detail"].startswith(f"{field}: ") or body["detail"].startswith(f"{field}：")


# ----------------------------------------------------------------------------- the organisation


def test_a_department_is_created_from_its_fields_and_a_missing_one_is_named(api) -> None:
    client = api("admin")
    _refused(client.post("/api/v1/departments/", {}, format="json"), "code")
    response = client.post(
        "/api/v1/departments/", {"code": "QA-2", "name": "质检二部"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent"] is None
    parent = Department.objects.get(code="QA").pk
    response = client.post(
        "/api/v1/departments/",
        {"code": "QA-3", "name": "质检三部", "parent": parent, "sort_order": 3},
        format="json",
    )
    assert response.status_code == 201, response.content
    _refused(
        client.post(
            "/api/v1/departments/",
            {"code": "QA-4", "name": "x", "sort_order": 99999999999},
            format="json",
        ),
        "sort_order",
    )


def test_updating_a_department_needs_its_parent_given(api) -> None:
    client = api("admin")
    department = Department.objects.get(code="QA")
    url = f"/api/v1/departments/{department.pk}/"
    _refused(client.put(url, {"code": "QA", "name": "质量部"}, format="json"), "parent")
    response = client.put(
        url, {"code": "QA", "name": "质量部", "parent": department.parent_id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "质量部"


def test_updating_an_employee_needs_the_superior_given(api) -> None:
    employee = Employee.objects.select_related("department").get(user__username="inspector")
    body = {
        "name": employee.name,
        "department": employee.department_id,
        "positions": ["inspector"],
        "monthly_salary": "9000",
    }
    _refused(api("admin").put(f"/api/v1/employees/{employee.pk}/", body, format="json"), "superior")


# ----------------------------------------------------------------------------- NUL characters

API_SEARCHES = [
    "/api/v1/sales-orders/?q=%00",
    "/api/v1/plans/?q=%00",
    "/api/v1/items/?q=%00",
    "/api/v1/employees/?q=%00",
    "/api/v1/sales-orders/?state=draft&q=PV%00M",
]


@pytest.mark.parametrize("url", API_SEARCHES)
def test_a_nul_character_in_an_api_search_is_a_400_naming_it(api, url: str) -> None:
    _refused(api("ops_supervisor").get(url), "q")


def test_a_nul_character_in_a_parameter_name_is_refused_too(api) -> None:
    """A refused export records the query it was asked with: a NUL in a parameter's name
    would reach the audit trail, which PostgreSQL cannot store."""
    _refused(api("ops_supervisor").get("/api/v1/sales-orders/?a%00b=1"), "ab")


def test_a_nul_character_in_the_location_filter_is_named(api) -> None:
    _refused(api("ops_supervisor").get("/api/v1/locations/?warehouse=%00"), "warehouse")


PAGE_SEARCHES = [
    "/sales/orders/?q=%00",
    "/procurement/plans/?q=%00",
    "/masterdata/items/?q=%00",
    "/org/employees/?q=%00",
]


@pytest.mark.parametrize("url", PAGE_SEARCHES)
def test_a_nul_character_in_a_page_search_is_a_400_page_naming_it(web, url: str) -> None:
    response = web("ops_supervisor").get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "q: " in response.content.decode()


def test_a_nul_character_in_a_form_field_is_refused_before_the_view(web) -> None:
    response = web("admin").post(
        "/org/departments/new/", {"code": "NUL", "name": "a\x00b", "sort_order": "1"}
    )
    assert response.status_code == 400
    assert "name: " in response.content.decode()
    assert not Department.objects.filter(code="NUL").exists()


def test_a_nul_character_in_an_api_body_is_named_wherever_it_is(api) -> None:
    """Not every field refuses NUL itself: a slug is looked up as it is (PostgreSQL fails)."""
    employee = Employee.objects.select_related("department").get(user__username="inspector")
    body = {
        "name": employee.name,
        "department": employee.department_id,
        "positions": ["inspector\x00"],
        "superior": employee.superior_id,
        "monthly_salary": "9000",
    }
    client = api("admin")
    _refused(client.put(f"/api/v1/employees/{employee.pk}/", body, format="json"), "positions[0]")
    body = {"code": "X\x00", "name": "x"}
    _refused(client.post("/api/v1/departments/", body, format="json"), "code")


# ----------------------------------------------------------------------------- ids and numbers


def test_ids_are_ascii_digits_within_range() -> None:
    from yunying.core.params import as_id, whole_number

    assert as_id("42") == 42 and as_id(" 7 ") == 7 and as_id("0") == 0
    for text in ("", None, "²", "٣", "-1", "1.0", "abc", "99999999999999999999"):
        assert as_id(text) is None, text
    assert as_id(str(2**63 - 1)) == 2**63 - 1 and as_id(str(2**63)) is None
    assert whole_number("30", maximum=30) == 30 and whole_number("31", maximum=30) is None


@pytest.mark.parametrize("value", ["99999999999999999999", "%C2%B2", "%D9%A3"])
def test_the_location_filter_takes_any_text(api, value: str) -> None:
    response = api("ops_supervisor").get(f"/api/v1/locations/?warehouse={value}")
    assert response.status_code == 200
    assert response.json() == []


def test_the_location_filter_still_takes_an_id_or_a_code(api) -> None:
    warehouse = Warehouse.objects.order_by("pk").first()
    assert warehouse is not None
    by_id = api("ops_supervisor").get(f"/api/v1/locations/?warehouse={warehouse.pk}").json()
    by_code = api("ops_supervisor").get(f"/api/v1/locations/?warehouse={warehouse.code}").json()
    assert by_id and by_id == by_code


@pytest.mark.parametrize("value", ["%C2%B2", "99999999999999999999", "x"])
def test_an_id_filter_that_is_no_id_is_named(api, value: str) -> None:
    _refused(api("ops_supervisor").get(f"/api/v1/sales-orders/?customer={value}"), "customer")


@pytest.mark.parametrize(
    "username,url",
    [
        ("gm", "/sales/orders/?customer=%C2%B2"),
        ("gm", "/masterdata/customers/?region=%C2%B2"),
        ("gm", "/org/employees/?department=%C2%B2"),
        ("gm", "/org/employees/?department=99999999999999999999"),
        ("gm", "/masterdata/items/?category=%C2%B2"),
        ("warehouse_keeper", "/inventory/transfers/new/?rows=%C2%B2&item=%C2%B2"),
    ],
)
def test_pages_read_ids_and_numbers_without_failing(web, username: str, url: str) -> None:
    assert web(username).get(url).status_code == 200


def test_a_huge_limit_is_answered_with_a_full_page(api) -> None:
    for number in range(3):
        draft_order("C002", {"MC4-P": (1 + number, 6)})
    client = api("ops_supervisor")
    response = client.get("/api/v1/sales-orders/?limit=99999999999999999999")
    assert response.status_code == 200
    assert 3 <= len(response.json()["results"]) <= 200
    response = client.get("/api/v1/sales-orders/?offset=99999999999999999999")
    assert response.status_code == 200 and response.json()["results"] == []


def test_the_approval_report_names_a_period_out_of_range(web) -> None:
    client = web("ops_manager")
    assert client.get("/approvals/report/?days=30").status_code == 200
    for days in ("1000000", "0", "%C2%B2", "abc"):
        response = client.get(f"/approvals/report/?days={days}")
        assert response.status_code == 400, days
        assert "days: " in response.content.decode()


# ----------------------------------------------------------------------------- the checks command


def test_an_unknown_check_is_named_and_fails_the_command() -> None:
    with pytest.raises(CommandError, match=r"no\.such\.check"):
        call_command("checks", "run", "no.such.check")
    with pytest.raises(SystemExit) as stopped:
        from yunying.cli import main

        main(["yunying", "checks", "run", "no.such.check"])
    assert stopped.value.code != 0
