"""Organisation and access, as the regulation reads (ORG-1 … ORG-4)."""

from __future__ import annotations

import pytest

from tests.helpers import draft_change
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core import access
from yunying.core.errors import NotAllowed, RuleViolation, ValidationFailed
from yunying.core.models import AuditEvent, Department, Employee, Position, PositionChange
from yunying.core.services import assignment, employees, org
from yunying.core.services.position_change import submit_position_change
from yunying.demo.history import approve_chain

pytestmark = pytest.mark.django_db


@pytest.mark.clause("ORG-1")
def test_the_operations_department_has_one_manager_and_its_positions(people) -> None:
    ops = Department.objects.get(code="OPS")
    positions = {p.code: p for p in ops.positions.all()}
    assert {"ops_manager", "ops_supervisor", "ops_specialist", "data_analyst"} <= set(positions)
    assert [p.code for p in ops.positions.filter(is_head=True)] == ["ops_manager"]
    assert positions["ops_manager"].holders.count() == 1

    # A second manager position is refused, naming the clause.
    org.create_position(
        department=ops, code="ops_manager_2", name="第二经理", actor=people("admin")
    )
    with pytest.raises(RuleViolation) as error:
        draft_change(people("admin"), position="ops_manager_2", permissions={}, is_head=True)
    assert error.value.clause == "ORG-1"

    # So is a second holder of the manager position.
    with pytest.raises(RuleViolation) as error:
        employees.create_employee(
            username="second_manager",
            password="a-long-password-1",
            name="第二经理",
            employee_no="E9999",
            department=ops,
            positions=[positions["ops_manager"]],
            actor=people("admin"),
        )
    assert error.value.clause == "ORG-1"


@pytest.mark.clause("ORG-1")
def test_every_user_holds_a_position_and_permissions_come_from_positions(people) -> None:
    with pytest.raises(ValidationFailed) as error:
        employees.create_employee(
            username="nobody",
            password="a-long-password-1",
            name="无岗位",
            employee_no="E9998",
            department=Department.objects.get(code="OPS"),
            positions=[],
            actor=people("admin"),
        )
    assert error.value.field == "positions"

    specialist = people("ops_specialist")
    assert not access.has_perm(specialist, "core.manage_employee")
    employees.update_employee(
        employee=specialist,
        actor=people("admin"),
        name=specialist.name,
        department=specialist.department,
        positions=[*specialist.positions.all(), Position.objects.get(code="hr_specialist")],
        superior=specialist.superior,
        monthly_salary=specialist.monthly_salary,
    )
    # The new position is held once the company leaders approve it (ORG-3).
    assert not access.has_perm(Employee.objects.get(pk=specialist.pk), "core.manage_employee")
    change = assignment.pending(specialist)
    assert change is not None and change.state == "submitted"
    approve_chain(change)
    assert access.has_perm(Employee.objects.get(pk=specialist.pk), "core.manage_employee")


@pytest.mark.clause("ORG-2")
def test_departments_form_a_tree_and_scopes_follow_it(people) -> None:
    ops = Department.objects.get(code="OPS")
    team = Department.objects.get(code="OPS-CS")
    assert team.parent == ops and ops.parent.code == "HQ"
    assert team.path.startswith(ops.path)

    supervisor = people("ops_supervisor")  # core.view_employee: own department and below
    specialist = people("ops_specialist")  # core.view_employee: own department
    cs_agent = people("cs_agent")
    assert access.in_scope(supervisor, "core.view_employee", cs_agent)
    assert not access.in_scope(specialist, "core.view_employee", cs_agent)

    # Moving the team elsewhere moves it out of the supervisor's scope.
    org.update_department(department=team, actor=people("admin"), name=team.name, parent=ops.parent)
    supervisor = people("ops_supervisor")
    assert not access.in_scope(supervisor, "core.view_employee", cs_agent)


@pytest.mark.clause("ORG-2")
def test_a_department_cannot_move_below_itself(people) -> None:
    ops = Department.objects.get(code="OPS")
    with pytest.raises(ValidationFailed):
        org.update_department(
            department=ops,
            actor=people("admin"),
            name=ops.name,
            parent=Department.objects.get(code="OPS-CS"),
        )


@pytest.mark.clause("ORG-3")
def test_a_permission_change_takes_effect_only_when_management_approves(people) -> None:
    specialist = people("ops_specialist")
    assert access.widest_scope(specialist, "core.view_employee") == "department"

    change = draft_change(
        people("ops_manager"),
        permissions={"core.view_employee": "subtree", "approvals.view_request": "department"},
    )
    change = submit_position_change(change=change, actor=people("ops_manager"))
    assert access.widest_scope(people("ops_specialist"), "core.view_employee") == "department"

    request = approvals_selectors.latest_request(change)
    approvals.approve(request=request, actor=people("gm"), comment="同意")
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED
    assert access.widest_scope(people("ops_specialist"), "core.view_employee") == "subtree"
    assert access.has_perm(people("ops_specialist"), "approvals.view_request")

    # The history keeps what was there before.
    assert change.before["permissions"]["core.view_employee"] == "department"
    history = list(Position.objects.get(code="ops_specialist").changes.filter(state="approved"))
    assert history == [change]
    event = AuditEvent.objects.filter(action="core.apply_position_change").latest("seq")
    assert event.clause == "ORG-3"
    assert event.changes["permissions"][0]["core.view_employee"] == "department"
    assert event.changes["permissions"][1]["core.view_employee"] == "subtree"


@pytest.mark.clause("ORG-3")
def test_only_the_department_head_drafts_a_position_change(people) -> None:
    with pytest.raises(NotAllowed) as error:
        draft_change(people("ops_supervisor"))
    assert error.value.clause == "ORG-3"
    # The head of another department cannot either.
    with pytest.raises(NotAllowed):
        draft_change(people("proc_manager"))


@pytest.mark.clause("ORG-3")
def test_a_rejected_change_leaves_the_permissions_as_they_were(people) -> None:
    change = submit_position_change(
        change=draft_change(people("ops_manager")), actor=people("ops_manager")
    )
    request = approvals_selectors.latest_request(change)
    approvals.reject(request=request, actor=people("vp"), comment="职责不清，暂不调整")
    change.refresh_from_db()
    assert change.state == PositionChange.State.REJECTED
    assert access.widest_scope(people("ops_specialist"), "core.view_employee") == "department"
    assert not access.has_perm(people("ops_specialist"), "approvals.view_request")


@pytest.mark.clause("ORG-3")
def test_a_change_cannot_be_edited_once_submitted(people) -> None:
    from yunying.core.errors import InvalidTransition
    from yunying.core.services.position_change import update_position_change

    change = submit_position_change(
        change=draft_change(people("ops_manager")), actor=people("ops_manager")
    )
    with pytest.raises(InvalidTransition):
        update_position_change(
            change=change,
            actor=people("ops_manager"),
            reason="再改",
            permissions={"core.view_employee": "all"},
        )


@pytest.mark.clause("ORG-4")
def test_an_export_of_employees_is_audited_and_hides_salaries_out_of_scope(web, people) -> None:
    import io

    from openpyxl import load_workbook

    client = web("ops_supervisor")  # sees OPS and below; no salary permission
    response = client.get("/org/employees/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(row[7] in ("", None) for row in rows)
    event = AuditEvent.objects.filter(action="core.export").latest("seq")
    assert event.actor == people("ops_supervisor")
    assert event.clause == "ORG-4"
    assert event.changes["rows"] == len(rows)

    client = web("ops_manager")  # may see salaries of OPS and below
    sheet = load_workbook(io.BytesIO(client.get("/org/employees/?format=xlsx").content)).active
    salaries = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(salary not in ("", None) for salary in salaries)


@pytest.mark.clause("ORG-4")
def test_the_api_shows_salaries_only_within_the_salary_scope(api, people) -> None:
    own = api("ops_specialist").get(f"/api/v1/employees/{people('ops_specialist').pk}/").json()
    assert own["monthly_salary"] is None
    managed = api("ops_manager").get(f"/api/v1/employees/{people('ops_specialist').pk}/").json()
    assert managed["monthly_salary"] == "11000.00"


@pytest.mark.clause("ORG-3")
def test_a_new_company_is_set_up_only_on_an_empty_database(tmp_path) -> None:
    """Giving positions and permissions without an approved change is for setting up a new
    company only: ``yunying setup`` refuses a database that holds one."""
    from django.core.management import CommandError, call_command

    description = tmp_path / "company.yaml"
    description.write_text("departments: []\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("setup", str(description), "--password", "a-long-password-1")
