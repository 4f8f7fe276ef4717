"""Regulations as configuration (POL-1, POL-2, POL-3)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.helpers import draft_change
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalStep
from yunying.core.errors import InvalidTransition, NotAllowed, RuleViolation, ValidationFailed
from yunying.core.models import Task
from yunying.core.services.position_change import submit_position_change
from yunying.policy import selectors, services
from yunying.policy.models import Regulation, RegulationVersion

pytestmark = pytest.mark.django_db


def _new_version_of_org(people, chain_value):
    regulation = Regulation.objects.get(code="ORG")
    version = services.new_draft_version(
        regulation=regulation, actor=people("admin"), summary="调整审批"
    )
    clause = version.clauses.get(clause_id="ORG-3")
    services.save_rule(
        version=version,
        actor=people("admin"),
        clause=clause,
        key="approval.core.position_change",
        value=chain_value,
    )
    return version


@pytest.mark.clause("POL-1")
def test_a_regulation_goes_from_draft_through_consultation_and_approval_to_published(
    people,
) -> None:
    admin = people("admin")
    version = _new_version_of_org(
        people,
        {"steps": [{"name": "总经理审批", "approvers": {"kind": "position", "position": "gm"}}]},
    )
    previous = selectors.current_version(version.regulation)
    assert version.state == RegulationVersion.State.DRAFT and version.version_no == 2

    version = services.open_consultation(version=version, actor=admin)
    services.add_comment(
        version=version, actor=people("ops_manager"), text="建议保留分管副总审批。"
    )
    assert version.comments.count() == 1

    version = services.submit_version(version=version, actor=admin)
    assert version.state == RegulationVersion.State.IN_REVIEW
    request = approvals_selectors.latest_request(version)
    # Routed by the regulation in force: the responsible department's manager, then a leader.
    approvals.approve(request=request, actor=people("hr_manager"))
    version.refresh_from_db()
    assert version.state == RegulationVersion.State.IN_REVIEW  # not yet: the leader's step remains
    approvals.approve(request=request, actor=people("gm"))

    version.refresh_from_db()
    previous.refresh_from_db()
    assert version.state == RegulationVersion.State.PUBLISHED
    assert previous.state == RegulationVersion.State.SUPERSEDED
    assert selectors.current_version(version.regulation) == version
    assert version.review_due is not None


@pytest.mark.clause("POL-1")
def test_a_published_version_is_immutable(people) -> None:
    version = selectors.current_version(Regulation.objects.get(code="ORG"))
    with pytest.raises(InvalidTransition):
        services.update_version(version=version, actor=people("admin"), summary="改", body="改")
    with pytest.raises(InvalidTransition):
        services.save_clause(
            version=version, actor=people("admin"), clause_id="ORG-9", title="新增", text="新增条款"
        )
    with pytest.raises(InvalidTransition):
        services.add_comment(version=version, actor=people("ops_manager"), text="意见")


@pytest.mark.clause("POL-1")
def test_employees_in_scope_acknowledge_and_the_rest_are_listed(people) -> None:
    version = selectors.current_version(Regulation.objects.get(code="OPS-PI"))
    in_scope = set(
        selectors.employees_in_scope(version.regulation).values_list("user__username", flat=True)
    )
    assert "buyer" in in_scope and "hr_specialist" not in in_scope  # applies to OPS, PROC, LOG …

    services.acknowledge(version=version, actor=people("buyer"))
    services.acknowledge(version=version, actor=people("buyer"))  # once is enough
    missing = set(selectors.unacknowledged(version).values_list("user__username", flat=True))
    assert "buyer" not in missing and "ops_manager" in missing
    assert missing == in_scope - {"buyer"}

    with pytest.raises(NotAllowed):
        services.acknowledge(version=version, actor=people("hr_specialist"))
    assert version in selectors.pending_acknowledgements(people("ops_manager"))
    assert version not in selectors.pending_acknowledgements(people("buyer"))


@pytest.mark.clause("POL-1")
def test_only_regulation_managers_draft_versions(people) -> None:
    with pytest.raises(NotAllowed):
        services.new_draft_version(
            regulation=Regulation.objects.get(code="ORG"), actor=people("buyer")
        )


@pytest.mark.clause("POL-3")
def test_an_approval_records_the_version_in_force_and_a_new_version_reroutes_new_requests(
    people,
) -> None:
    first = submit_position_change(
        change=draft_change(people("ops_manager")), actor=people("ops_manager")
    )
    first_request = approvals_selectors.latest_request(first)
    old_version = first_request.regulation_version

    version = _new_version_of_org(
        people,
        {
            "steps": [
                {
                    "name": "人才发展部经理审批",
                    "approvers": {"kind": "department_head", "department": "HR"},
                }
            ]
        },
    )
    version = services.submit_version(version=version, actor=people("admin"))
    request = approvals_selectors.latest_request(version)
    approvals.approve(request=request, actor=people("hr_manager"))
    approvals.approve(request=request, actor=people("vp"))

    second = submit_position_change(
        change=draft_change(people("ops_manager"), position="data_analyst"),
        actor=people("ops_manager"),
    )
    second_request = approvals_selectors.latest_request(second)
    assert second_request.regulation_version == selectors.current_version(version.regulation)
    assert [a.approver.user.username for a in second_request.steps.get().assignments.all()] == [
        "hr_manager"
    ]
    # The request submitted earlier keeps the chain it was routed by.
    first_request.refresh_from_db()
    assert first_request.regulation_version == old_version
    assert {a.approver.user.username for a in first_request.steps.get().assignments.all()} == {
        "gm",
        "vp",
    }
    assert all(action.regulation_version == old_version for action in first_request.actions.all())


@pytest.mark.clause("POL-3")
def test_rules_are_validated_against_their_schema_and_name_existing_things(people) -> None:
    version = services.new_draft_version(
        regulation=Regulation.objects.get(code="ORG"), actor=people("admin")
    )
    clause = version.clauses.get(clause_id="ORG-3")
    for bad in (
        {"steps": []},
        {"steps": [{"name": "x", "approvers": {"kind": "astrologer"}}]},
        {"steps": [{"name": "x", "approvers": {"kind": "department_head", "department": "NOPE"}}]},
        {
            "steps": [
                {"name": "x", "approvers": {"kind": "company_leader"}, "when": {"amount_gt": -1}}
            ]
        },
    ):
        with pytest.raises(ValidationFailed) as error:
            services.save_rule(
                version=version,
                actor=people("admin"),
                clause=clause,
                key="approval.core.position_change",
                value=bad,
            )
        assert error.value.clause == "POL-3"
    with pytest.raises(ValidationFailed):
        services.save_rule(
            version=version, actor=people("admin"), clause=clause, key="no.such.rule", value=1
        )


@pytest.mark.clause("POL-3")
def test_a_rule_is_in_force_in_one_regulation_only(people) -> None:
    version = services.new_draft_version(
        regulation=Regulation.objects.get(code="ORG"), actor=people("admin")
    )
    services.save_rule(
        version=version,
        actor=people("admin"),
        clause=version.clauses.get(clause_id="ORG-1"),
        key="approvals.max_wait_hours",  # already configured by the GOV regulation
        value=24,
    )
    with pytest.raises(RuleViolation) as error:
        services.submit_version(version=version, actor=people("admin"))
    assert error.value.clause == "POL-3"


@pytest.mark.clause("POL-2")
def test_approvals_waiting_too_long_are_flagged_once_to_the_approver(people, capsys) -> None:
    change = submit_position_change(
        change=draft_change(people("ops_manager")), actor=people("ops_manager")
    )
    request = approvals_selectors.latest_request(change)
    ApprovalStep.objects.filter(request=request).update(
        activated_at=timezone.now() - datetime.timedelta(hours=49)
    )
    call_command("checks", "run", "approvals.waiting_too_long")
    call_command("checks", "run", "approvals.waiting_too_long")
    output = capsys.readouterr().out
    assert request.document_number in output
    tasks = Task.objects.filter(kind="approvals.overdue", state="open")
    assert {t.assignee.user.username for t in tasks} == {"gm", "vp"}
    assert all(t.clause == "POL-2" for t in tasks)

    approvals.approve(request=request, actor=people("gm"))
    assert not Task.objects.filter(kind="approvals.overdue", state="open").exists()


@pytest.mark.clause("POL-2")
def test_regulations_past_their_review_date_are_flagged(people) -> None:
    version = selectors.current_version(Regulation.objects.get(code="GOV"))
    RegulationVersion.objects.filter(pk=version.pk).update(
        review_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    findings = services.check_review_due()
    assert any(version.regulation.title in f.message for f in findings)
    assert Task.objects.filter(kind="policy.review_due", assignee=people("ops_manager")).exists()
