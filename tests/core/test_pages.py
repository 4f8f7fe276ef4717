"""The web pages: each renders for the people who may see it; the forms drive the services."""

from __future__ import annotations

import pytest

from yunying.approvals.models import ApprovalRequest
from yunying.core.models import Position, PositionChange
from yunying.policy.models import Regulation, RegulationVersion

pytestmark = pytest.mark.django_db


def test_every_page_renders(web, people) -> None:
    version = RegulationVersion.objects.filter(state="published").first()
    position = Position.objects.get(code="ops_specialist")
    pages = [
        "/",
        "/org/",
        "/org/employees/",
        "/org/employees/?q=张&department=" + str(position.department_id),
        f"/org/employees/{people('ops_specialist').pk}/",
        "/org/positions/",
        f"/org/positions/{position.pk}/",
        "/regulations/",
        "/regulations/rules/",
        f"/regulations/versions/{version.pk}/",
        f"/regulations/versions/{version.pk}/unacknowledged/",
        "/approvals/",
        "/approvals/?view=all",
        "/approvals/report/",
        "/approvals/delegations/",
        "/audit/?verify=1",
        "/org/employees/new/",
        "/org/positions/new/",
        "/org/departments/new/",
    ]
    client = web("admin")
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url
    for url in pages[:13]:
        assert web("gm").get(url).status_code == 200, url


def test_the_language_switch_turns_the_ui_to_english(web) -> None:
    client = web("gm")
    assert "我的待办" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My to-do" in client.get("/").content.decode()


@pytest.mark.clause("ORG-3")
def test_a_position_change_through_the_pages(web, people) -> None:
    position = Position.objects.get(code="ops_specialist")
    manager = web("ops_manager")
    response = manager.post(
        f"/org/positions/{position.pk}/change/",
        {"reason": "需要查看下级团队", "duties": "", "perm__core.view_employee": "subtree"},
    )
    change = PositionChange.objects.get(position=position, state="draft")
    assert (
        response.status_code == 302
        and response["Location"] == f"/org/position-changes/{change.pk}/"
    )
    manager.post(f"/org/position-changes/{change.pk}/submit/")
    change.refresh_from_db()
    assert change.state == "submitted"

    request = ApprovalRequest.objects.get(object_id=change.pk, doc_type="core.position_change")
    leader = web("gm")
    assert request.document_number in leader.get("/").content.decode()
    # A reject without a reason is refused on the page, nothing changes.
    leader.post(f"/approvals/{request.pk}/reject/", {"comment": ""}, HTTP_HX_REQUEST="true")
    request.refresh_from_db()
    assert request.state == "pending"
    panel = leader.post(
        f"/approvals/{request.pk}/approve/", {"comment": "同意"}, HTTP_HX_REQUEST="true"
    )
    assert panel.status_code == 200 and 'id="approval-state"' in panel.content.decode()
    change.refresh_from_db()
    assert change.state == "approved"
    page = manager.get(f"/org/positions/{position.pk}/").content.decode()
    assert 'data-code="core.view_employee"' in page and change.number in page


@pytest.mark.clause("POL-1")
def test_a_regulation_version_through_the_pages(web, people) -> None:
    regulation = Regulation.objects.get(code="ORG")
    admin = web("admin")
    admin.post(f"/regulations/{regulation.pk}/new-version/")
    version = regulation.versions.get(state="draft")
    clause = version.clauses.get(clause_id="ORG-3")
    response = admin.post(
        f"/regulations/versions/{version.pk}/rules/",
        {
            "clause": clause.pk,
            "key": "approval.core.position_change",
            "value": "steps: [",
            "note": "",
        },
    )
    assert "YAML" in response.content.decode()  # a form error, nothing saved
    admin.post(
        f"/regulations/versions/{version.pk}/rules/",
        {
            "clause": clause.pk,
            "key": "approval.core.position_change",
            "value": "steps:\n- name: 总经理审批\n  approvers: {kind: position, position: gm}\n",
            "note": "",
        },
    )
    assert (
        version.rules.get(key="approval.core.position_change").value["steps"][0]["name"]
        == "总经理审批"
    )
    admin.post(f"/regulations/versions/{version.pk}/open-consultation/")
    web("buyer").post(f"/regulations/versions/{version.pk}/comment/", {"text": "同意调整"})
    assert version.comments.count() == 1
    admin.post(f"/regulations/versions/{version.pk}/submit/")
    version.refresh_from_db()
    assert version.state == "in_review"


@pytest.mark.clause("POL-1")
def test_acknowledging_on_the_page(web, people) -> None:
    version = RegulationVersion.objects.get(regulation__code="GOV", state="published")
    client = web("buyer")
    assert "制度管理办法" in client.get("/").content.decode()
    client.post(f"/regulations/versions/{version.pk}/acknowledge/")
    assert version.acknowledgements.filter(employee=people("buyer")).exists()


def test_every_menu_entry_resolves() -> None:
    from django.urls import reverse

    from yunying.core.navigation import _ITEMS

    for item in _ITEMS:
        assert reverse(item.url_name)


def test_chinese_is_the_default_whatever_the_browser_prefers(web) -> None:
    client = web("buyer")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "我的待办" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My to-do" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
