"""The approvals API: the inbox filter, decisions and the error contract (400/403/404/409)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.helpers import draft_change
from yunying.core.models import PositionChange
from yunying.core.services.position_change import submit_position_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(people):
    change = submit_position_change(
        change=draft_change(people("ops_manager")), actor=people("ops_manager")
    )
    return change


def test_token_endpoint_gives_a_token_for_good_credentials_only(db) -> None:
    client = APIClient()
    good = client.post(
        "/api/v1/auth/token/", {"username": "gm", "password": "test-pass-1"}, format="json"
    )
    assert good.status_code == 200 and good.json()["token"]
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {good.json()['token']}")
    assert me.get("/api/v1/me/").json()["username"] == "gm"
    bad = client.post("/api/v1/auth/token/", {"username": "gm", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) >= {"detail", "code", "clause"}
    assert client.get("/api/v1/approvals/").status_code == 401


@pytest.mark.clause("ORG-3")
def test_pending_approvals_are_listed_and_decided_through_the_api(api, pending) -> None:
    rows = api("gm").get("/api/v1/approvals/?mine=pending").json()["results"]
    assert [row["document_number"] for row in rows] == [pending.number]
    request_id = rows[0]["id"]
    assert api("ops_manager").get("/api/v1/approvals/?mine=pending").json()["results"] == []

    detail = api("gm").post(
        f"/api/v1/approvals/{request_id}/approve/", {"comment": "同意"}, format="json"
    )
    assert detail.status_code == 200
    body = detail.json()
    assert body["state"] == "approved"
    assert body["regulation_version"].startswith("ORG")
    assert [h["kind"] for h in body["history"]] == ["submitted", "approved"]
    pending.refresh_from_db()
    assert pending.state == PositionChange.State.APPROVED


def test_decision_errors_follow_the_contract(api, pending) -> None:
    request_id = api("gm").get("/api/v1/approvals/?mine=pending").json()["results"][0]["id"]

    no_reason = api("gm").post(f"/api/v1/approvals/{request_id}/reject/", {}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "comment"

    own = api("ops_manager").post(f"/api/v1/approvals/{request_id}/approve/", {}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "own_request"

    stranger = api("buyer").post(f"/api/v1/approvals/{request_id}/approve/", {}, format="json")
    assert stranger.status_code == 404  # not an approver, not in scope: it does not exist for them

    assert (
        api("vp").post(f"/api/v1/approvals/{request_id}/approve/", {}, format="json").status_code
        == 200
    )
    again = api("gm").post(f"/api/v1/approvals/{request_id}/approve/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_decided"
    assert again.json()["clause"] is None

    assert api("gm").get("/api/v1/approvals/?mine=nonsense").status_code == 400


def test_an_approved_state_cannot_be_reached_around_the_engine(api, people) -> None:
    """Not through the API (state is read-only), not by editing, not by duplicating."""
    draft = draft_change(people("ops_manager"))
    client = api("ops_manager")
    client.put(
        f"/api/v1/position-changes/{draft.pk}/",
        {
            "reason": "改",
            "permissions": [],
            "state": "approved",
            "applied_at": "2026-01-01T00:00:00Z",
        },
        format="json",
    )
    draft.refresh_from_db()
    assert draft.state == PositionChange.State.DRAFT and draft.applied_at is None
    assert (
        client.patch(
            f"/api/v1/position-changes/{draft.pk}/", {"state": "approved"}, format="json"
        ).status_code
        == 405
    )

    # An approved change cannot be edited or resubmitted to copy its approval.
    submitted = client.post(f"/api/v1/position-changes/{draft.pk}/submit/").json()
    request_id = api("gm").get("/api/v1/approvals/?mine=pending").json()["results"][0]["id"]
    api("gm").post(f"/api/v1/approvals/{request_id}/approve/", {}, format="json")
    assert submitted["state"] == "submitted"
    edit = client.put(
        f"/api/v1/position-changes/{draft.pk}/", {"reason": "x", "permissions": []}, format="json"
    )
    assert edit.status_code == 409
    assert client.post(f"/api/v1/position-changes/{draft.pk}/submit/").status_code == 409

    # A new change with the same content starts as a draft and needs its own approval.
    copy = client.post(
        "/api/v1/position-changes/",
        {
            "position": draft.position_id,
            "reason": draft.reason,
            "permissions": [{"code": "core.view_employee", "scope": "subtree"}],
        },
        format="json",
    ).json()
    assert copy["state"] == "draft" and copy["number"] != draft.number


def test_position_change_input_is_validated(api, people) -> None:
    client = api("ops_manager")
    position_id = people("ops_specialist").positions.get().pk
    bad_code = client.post(
        "/api/v1/position-changes/",
        {
            "position": position_id,
            "reason": "x",
            "permissions": [{"code": "no.such", "scope": "all"}],
        },
        format="json",
    )
    assert bad_code.status_code == 400 and bad_code.json()["field"] == "permissions"
    bad_scope = client.post(
        "/api/v1/position-changes/",
        {
            "position": position_id,
            "reason": "x",
            "permissions": [{"code": "core.view_employee", "scope": "galaxy"}],
        },
        format="json",
    )
    assert bad_scope.status_code == 400
    assert client.post("/api/v1/position-changes/", {}, format="json").status_code == 400


def test_the_openapi_schema_is_served(api) -> None:
    response = api("gm").get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/approvals/{id}/approve/" in response.content
    assert api("gm").get("/api/docs/").status_code == 200
