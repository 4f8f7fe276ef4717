"""ORG-3: who holds which permission changes only by a change document that the regulation's
chain approves; nobody approves a change that benefits them; creating an account grants
nothing by itself. Tried as the system administrator would, through the API."""

from __future__ import annotations

from typing import Any

import pytest

from yunying.approvals.models import ApprovalRequest
from yunying.core.models import AssignmentChange, Employee, Position, PositionChange

pytestmark = pytest.mark.django_db


def _employee(username: str) -> Employee:
    return Employee.objects.get(user__username=username)


def _codes(username: str) -> list[str]:
    return sorted(_employee(username).positions.values_list("code", flat=True))


def _put_employee(admin: Any, username: str, positions: list[str]) -> Any:
    person = _employee(username)
    return admin.put(
        f"/api/v1/employees/{person.pk}/",
        {
            "name": person.name,
            "department": person.department_id,
            "positions": positions,
            "superior": person.superior_id,
            "monthly_salary": str(person.monthly_salary),
            "reason": "调岗",
        },
        format="json",
    )


def _request_of(document: Any) -> ApprovalRequest:
    return ApprovalRequest.objects.filter(object_id=document.pk).latest("submitted_at")


def _decide(client: Any, request: ApprovalRequest, verb: str = "approve") -> Any:
    return client.post(
        f"/api/v1/approvals/{request.pk}/{verb}/", {"comment": "同意"}, format="json"
    )


@pytest.mark.clause("ORG-3")
def test_new_positions_for_an_employee_take_effect_only_when_approved(api: Any) -> None:
    admin = api("admin")
    response = _put_employee(admin, "admin", ["sysadmin", "vp"])
    assert response.status_code == 200, response.json()
    # Nothing changed yet: a change document waits for the company leaders.
    assert _codes("admin") == ["sysadmin"]
    pending = response.json()["pending_assignment"]
    assert pending["state"] == "submitted" and pending["positions"] == ["sysadmin", "vp"]
    change = AssignmentChange.objects.get(pk=pending["id"])

    # The administrator cannot approve it (it is his own), the leader can.
    assert _decide(admin, _request_of(change)).status_code == 403
    assert _decide(api("vp"), _request_of(change), "reject").status_code == 200
    assert _codes("admin") == ["sysadmin"]


@pytest.mark.clause("ORG-3")
def test_nobody_approves_a_change_of_their_own_positions(api: Any) -> None:
    response = _put_employee(api("admin"), "vp", ["vp", "ops_specialist"])
    change = AssignmentChange.objects.get(pk=response.json()["pending_assignment"]["id"])
    request = _request_of(change)
    # The vice president is a company leader, but the change is his: only the gm decides.
    assert not request.steps.get().assignments.filter(approver__user__username="vp").exists()
    answer = _decide(api("vp"), request)
    assert answer.status_code == 403
    assert _decide(api("gm"), request).status_code == 200
    assert _codes("vp") == ["ops_specialist", "vp"]


@pytest.mark.clause("ORG-3")
def test_the_administrator_cannot_make_himself_a_leader_by_a_puppet_account(api: Any) -> None:
    admin = api("admin")
    # 1. A position marked as company leader is refused: the flag comes by a position change.
    made = admin.post(
        "/api/v1/positions/",
        {
            "department": _employee("admin").department_id,
            "code": "boss2",
            "name": "影子领导",
            "is_leader": True,
        },
        format="json",
    )
    assert made.status_code == 409 and made.json()["clause"] == "ORG-3"

    # 2. An account with a password of his choosing, holding a leader position, holds nothing
    # until the leaders approve it.
    created = admin.post(
        "/api/v1/employees/",
        {
            "username": "puppet",
            "password": "a-long-puppet-password-7",
            "employee_no": "E9001",
            "name": "傀儡",
            "department": _employee("vp").department_id,
            "positions": ["vp"],
            "monthly_salary": "1",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["positions"] == []
    assert created.json()["pending_assignment"]["positions"] == ["vp"]

    # 3. His own position change (the salaries of everyone) goes to the leaders ...
    sysadmin = Position.objects.get(code="sysadmin")
    draft = admin.post(
        "/api/v1/position-changes/",
        {
            "position": sysadmin.pk,
            "reason": "查看工资",
            "permissions": [
                *({"code": p.code, "scope": p.scope} for p in sysadmin.permissions.all()),
                {"code": "core.view_salary", "scope": "all"},
            ],
        },
        format="json",
    )
    assert draft.status_code == 201, draft.json()
    change = PositionChange.objects.get(pk=draft.json()["id"])
    assert admin.post(f"/api/v1/position-changes/{change.pk}/submit/").status_code == 200

    # ... and the puppet approves nothing: he holds no position yet (he cannot even see it).
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    puppet = APIClient()
    puppet.credentials(
        HTTP_AUTHORIZATION="Token "
        + Token.objects.get_or_create(user=_employee("puppet").user)[0].key
    )
    answer = _decide(puppet, _request_of(change))
    assert answer.status_code in (403, 404)
    change.refresh_from_db()
    assert change.state == "submitted"
    gm = _employee("gm")
    salary = admin.get(f"/api/v1/employees/{gm.pk}/").json()["monthly_salary"]
    assert salary is None


@pytest.mark.clause("ORG-3")
def test_a_leader_never_approves_a_change_of_the_position_he_holds(api: Any) -> None:
    vp = Position.objects.get(code="vp")
    draft = api("admin").post(
        "/api/v1/position-changes/",
        {
            "position": vp.pk,
            "reason": "扩大权限",
            "permissions": [{"code": "core.view_salary", "scope": "all"}],
        },
        format="json",
    )
    change = PositionChange.objects.get(pk=draft.json()["id"])
    api("admin").post(f"/api/v1/position-changes/{change.pk}/submit/")
    request = _request_of(change)
    assert _decide(api("vp"), request).status_code == 403
    assert _decide(api("gm"), request).status_code == 200
