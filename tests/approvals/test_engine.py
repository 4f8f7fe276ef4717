"""The approvals engine: routing, modes, conditions, refusals, delegation, hooks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.helpers import chain, draft_change, set_rule, step
from yunying.approvals import resolution, selectors
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalRequest, ApprovalStep
from yunying.core.errors import Conflict, NotAllowed, RuleViolation, ValidationFailed
from yunying.core.models import ExchangeRate, Position, PositionChange
from yunying.core.money import to_company_currency
from yunying.core.services.position_change import submit_position_change

pytestmark = pytest.mark.django_db
KEY = "approval.core.position_change"


def submit(people, author="ops_manager"):
    change = draft_change(people(author))
    change = submit_position_change(change=change, actor=people(author))
    return change, selectors.latest_request(change)


def test_a_request_records_the_regulation_version_and_clause_in_force(people) -> None:
    change, request = submit(people)
    assert request.regulation_version.regulation.code == "ORG"
    assert request.clause == "ORG-3"
    assert request.regulation_version.state == "published"
    assert change.state == PositionChange.State.SUBMITTED


def test_any_one_of_several_approves_the_step(people) -> None:
    change, request = submit(people)
    approvers = {a.approver.user.username for a in request.steps.get().assignments.all()}
    assert approvers == {"gm", "vp"}
    approvals.approve(request=request, actor=people("vp"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED
    with pytest.raises(Conflict):
        approvals.approve(request=request, actor=people("gm"))


def test_all_of_several_needs_every_signature(people) -> None:
    set_rule(KEY, chain(step("会签", {"kind": "company_leader"}, mode="all")))
    change, request = submit(people)
    approvals.approve(request=request, actor=people("gm"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.SUBMITTED
    approvals.approve(request=request, actor=people("vp"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED


def test_a_chain_is_approved_only_when_its_last_step_is(people) -> None:
    set_rule(
        KEY,
        chain(
            step("分管领导", {"kind": "position", "position": "vp"}),
            step("总经理", {"kind": "position", "position": "gm"}),
        ),
    )
    change, request = submit(people)
    approvals.approve(request=request, actor=people("vp"))
    change.refresh_from_db()
    request.refresh_from_db()
    assert change.state == PositionChange.State.SUBMITTED
    assert request.current_step == 1
    with pytest.raises(NotAllowed):
        approvals.approve(request=request, actor=people("vp"))  # not an approver of step 2
    approvals.approve(request=request, actor=people("gm"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED


def test_conditional_steps_follow_the_amount_in_company_currency(people) -> None:
    rule_value = chain(
        step("经理", {"kind": "position", "position": "ops_manager"}),
        step("领导", {"kind": "company_leader"}, mode="any", when={"amount_gt": 500000}),
    )
    set_rule(KEY, rule_value)
    from yunying.policy.selectors import require_rule

    rule = require_rule(KEY)
    ExchangeRate.objects.create(
        currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1")
    )
    requester = people("ops_supervisor")
    department = requester.department
    small = to_company_currency(Decimal("70000"), "USD")  # 497,000 CNY
    large = to_company_currency(Decimal("71000"), "USD")  # 504,100 CNY
    steps_small = resolution.resolve(rule, requester=requester, department=department, amount=small)
    steps_large = resolution.resolve(rule, requester=requester, department=department, amount=large)
    assert [s.required for s in steps_small] == [True, False]
    assert [s.required for s in steps_large] == [True, True]


def test_a_conditional_chain_is_not_approved_by_its_first_signature(people) -> None:
    set_rule(
        KEY,
        chain(
            step("经理", {"kind": "position", "position": "vp"}),
            step("领导", {"kind": "position", "position": "gm"}, when={"amount_gte": 0}),
        ),
    )
    change, request = submit(people)
    approvals.approve(request=request, actor=people("vp"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.SUBMITTED


def test_nobody_approves_their_own_request(people) -> None:
    set_rule(KEY, chain(step("部门经理", {"kind": "department_manager"})))
    # The OPS manager drafts; the chain resolves to the OPS manager, who is left out and
    # replaced by their direct superior.
    _change, request = submit(people)
    assignees = [a.approver.user.username for a in request.steps.get().assignments.all()]
    assert assignees == ["vp"]
    with pytest.raises(NotAllowed):
        approvals.approve(request=request, actor=people("ops_manager"))


def test_only_the_resolved_approver_or_a_delegate_may_act(people) -> None:
    set_rule(KEY, chain(step("总经理", {"kind": "position", "position": "gm"})))
    change, request = submit(people)
    with pytest.raises(NotAllowed):
        approvals.approve(request=request, actor=people("hr_manager"))
    now = timezone.now()
    approvals.delegate(
        delegator=people("gm"),
        delegate_to=people("vp"),
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=3),
        reason="出差",
        actor=people("gm"),
    )
    assert selectors.pending_for(people("vp")).filter(step__request=request).exists()
    approvals.approve(request=request, actor=people("vp"), comment="代批")
    action = request.actions.filter(kind="approved").get()
    assert action.actor.user.username == "vp"
    assert action.on_behalf_of.user.username == "gm"
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED


def test_an_expired_delegation_gives_no_power(people) -> None:
    set_rule(KEY, chain(step("总经理", {"kind": "position", "position": "gm"})))
    _change, request = submit(people)
    now = timezone.now()
    approvals.delegate(
        delegator=people("gm"),
        delegate_to=people("vp"),
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=1),
        actor=people("gm"),
    )
    with pytest.raises(NotAllowed):
        approvals.approve(request=request, actor=people("vp"))


def test_reject_and_return_need_a_reason(people) -> None:
    change, request = submit(people)
    with pytest.raises(ValidationFailed) as error:
        approvals.reject(request=request, actor=people("gm"), comment="  ")
    assert error.value.field == "comment"
    approvals.return_for_changes(request=request, actor=people("gm"), comment="请补充理由")
    change.refresh_from_db()
    assert change.state == PositionChange.State.RETURNED


def test_a_failing_hook_rolls_the_decision_back(people, monkeypatch) -> None:
    from yunying.approvals import registry

    _change, request = submit(people)
    doc_type = registry.get("core.position_change")

    def broken(document, request, actor):
        raise RuntimeError("hook failed")

    patched = type(doc_type)(**{**doc_type.__dict__, "on_approved": broken})
    monkeypatch.setitem(registry._TYPES, "core.position_change", patched)
    with pytest.raises(RuntimeError):
        approvals.approve(request=request, actor=people("gm"))
    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.PENDING
    assert request.steps.get().state == ApprovalStep.State.ACTIVE
    assert not request.actions.filter(kind="approved").exists()


def test_no_chain_configured_is_refused_with_the_clause(people) -> None:
    from yunying.policy.models import Rule

    Rule.objects.filter(key=KEY).delete()
    change = draft_change(people("ops_manager"))
    with pytest.raises(RuleViolation) as error:
        submit_position_change(change=change, actor=people("ops_manager"))
    assert error.value.clause == "ORG-3"
    change.refresh_from_db()
    assert change.state == PositionChange.State.DRAFT


def test_step_waiting_times_feed_the_bottleneck_report(people) -> None:
    _change, request = submit(people)
    ApprovalStep.objects.filter(request=request).update(
        activated_at=timezone.now() - datetime.timedelta(hours=30)
    )
    approvals.approve(request=request, actor=people("gm"))
    report = selectors.bottlenecks()
    row = next(r for r in report if r.doc_type == "core.position_change")
    assert row.decided == 1
    assert 29.9 <= row.average_hours <= 30.1


def test_withdraw_returns_the_document_to_draft(people) -> None:
    change, request = submit(people)
    with pytest.raises(NotAllowed):
        approvals.withdraw(request=request, actor=people("gm"))
    approvals.withdraw(request=request, actor=people("ops_manager"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.DRAFT
    assert not selectors.pending_for(people("gm")).exists()


def test_a_step_nobody_can_take_refuses_the_submission(people) -> None:
    set_rule(KEY, chain(step("采购员", {"kind": "position", "position": "buyer"})))
    Position.objects.get(code="buyer").holders.update(active=False)
    author = people("ops_manager")
    author.superior = None
    author.save()
    change = draft_change(author)
    with pytest.raises(RuleViolation) as error:
        submit_position_change(change=change, actor=author)
    assert error.value.code == "no_approver"
    change.refresh_from_db()
    assert change.state == PositionChange.State.DRAFT


def _away(people, who: str, to: str) -> None:
    now = timezone.now()
    approvals.delegate(
        delegator=people(who),
        delegate_to=people(to),
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=3),
        reason="出差",
        actor=people(who),
    )


@pytest.mark.clause("ORG-3")
def test_one_person_counts_once_in_a_joint_step_even_as_delegate_of_both(people) -> None:
    """会签: the two leaders both delegate to the same person, who may sign for one only."""
    set_rule(KEY, chain(step("会签", {"kind": "company_leader"}, mode="all")))
    change, request = submit(people)
    _away(people, "gm", "hr_manager")
    _away(people, "vp", "hr_manager")
    approvals.approve(request=request, actor=people("hr_manager"), comment="代批")
    with pytest.raises(Conflict) as error:
        approvals.approve(request=request, actor=people("hr_manager"), comment="再代批")
    assert error.value.code == "already_decided"
    change.refresh_from_db()
    assert change.state == PositionChange.State.SUBMITTED
    # The other leader, back, signs for himself.
    approvals.approve(request=request, actor=people("vp"))
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED


@pytest.mark.clause("ORG-3")
def test_a_delegate_never_signs_a_request_they_submitted(people) -> None:
    set_rule(KEY, chain(step("总经理", {"kind": "position", "position": "gm"})))
    _away(people, "gm", "ops_manager")
    _change, request = submit(people, author="ops_manager")
    with pytest.raises(NotAllowed) as error:
        approvals.approve(request=request, actor=people("ops_manager"), comment="代批")
    assert error.value.code == "own_request"


def test_a_delegate_must_hold_a_position(people) -> None:
    from yunying.core.services import employees

    newcomer = employees.create_employee(
        username="newcomer",
        password="a-long-password-9",
        name="新人",
        employee_no="E9100",
        department=people("gm").department,
        positions=[Position.objects.get(code="vp")],
        actor=people("admin"),
    )
    assert not newcomer.positions.exists()  # awaiting approval
    now = timezone.now()
    with pytest.raises(ValidationFailed):
        approvals.delegate(
            delegator=people("gm"),
            delegate_to=newcomer,
            starts_at=now,
            ends_at=now + datetime.timedelta(days=1),
            actor=people("gm"),
        )
