"""The access matrix (ORG-2): for each data scope, a user sees exactly the records it should,
through the UI and through the API; a record outside the scope is a 404."""

from __future__ import annotations

import re

import pytest

from yunying.core.models import Department, Employee

pytestmark = pytest.mark.django_db


def _expected(username: str) -> set[str]:
    me = Employee.objects.select_related("department").get(user__username=username)
    scopes = {
        "cs_agent": Employee.objects.filter(pk=me.pk),  # own
        "ops_specialist": Employee.objects.filter(department=me.department),  # own department
        "ops_supervisor": Employee.objects.filter(department__path__startswith=me.department.path),
        "hr_specialist": Employee.objects.all(),  # all
    }
    return set(scopes[username].values_list("employee_no", flat=True))


CASES = [
    pytest.param("cs_agent", "own", id="own"),
    pytest.param("ops_specialist", "department", id="department"),
    pytest.param("ops_supervisor", "subtree", id="subtree"),
    pytest.param("hr_specialist", "all", id="all"),
]


@pytest.mark.clause("ORG-2")
@pytest.mark.parametrize(("username", "scope"), CASES)
def test_each_scope_sees_exactly_its_records(username, scope, web, api) -> None:
    expected = _expected(username)
    # sanity: the scopes differ, so the test can tell them apart
    assert 0 < len(expected) <= Employee.objects.count()

    api_list = api(username).get("/api/v1/employees/?limit=500").json()["results"]
    assert {row["employee_no"] for row in api_list} == expected

    page = web(username).get("/org/employees/").content.decode()
    shown = set(re.findall(r"<td>(E\d{4})</td>", page))
    assert shown == expected

    for employee in Employee.objects.all():
        visible = employee.employee_no in expected
        assert (
            api(username).get(f"/api/v1/employees/{employee.pk}/").status_code == 200
        ) is visible
        assert (web(username).get(f"/org/employees/{employee.pk}/").status_code == 200) is visible


@pytest.mark.clause("ORG-2")
def test_a_specialist_gets_404_for_another_departments_record(api, web) -> None:
    buyer = Employee.objects.get(user__username="buyer")  # 采购部
    response = api("ops_specialist").get(f"/api/v1/employees/{buyer.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "not_found",
        "clause": None,
    }
    assert web("ops_specialist").get(f"/org/employees/{buyer.pk}/").status_code == 404


@pytest.mark.clause("ORG-2")
def test_without_the_permission_the_list_is_refused(api, people) -> None:
    from yunying.core.models import PositionPermission

    PositionPermission.objects.filter(position__code="cs_agent", code="core.view_employee").delete()
    response = api("cs_agent").get("/api/v1/employees/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.clause("ORG-2")
def test_the_menu_shows_only_what_the_positions_allow(web) -> None:
    audit_link = 'href="/audit/"'
    assert audit_link in web("gm").get("/").content.decode()
    assert audit_link not in web("ops_specialist").get("/").content.decode()
    assert web("ops_specialist").get("/audit/").status_code == 403


def test_departments_are_a_tree_in_the_api(api) -> None:
    rows = api("buyer").get("/api/v1/departments/").json()
    by_code = {row["code"]: row for row in rows}
    assert by_code["OPS-CS"]["parent"] == Department.objects.get(code="OPS").pk
