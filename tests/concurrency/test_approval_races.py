"""Races on PostgreSQL with real concurrent connections: approvals and numbering."""

from __future__ import annotations

import re

import pytest

from tests.concurrency.race import at_once
from tests.helpers import draft_change
from yunying.approvals import selectors
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalAction, ApprovalAssignment
from yunying.core.errors import Conflict
from yunying.core.models import Employee, Position, PositionChange
from yunying.core.services.position_change import draft_position_change, submit_position_change

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def person(username: str) -> Employee:
    return Employee.objects.get(user__username=username)


def _pending_request():
    change = submit_position_change(
        change=draft_change(person("ops_manager")), actor=person("ops_manager")
    )
    return change, selectors.latest_request(change)


def test_two_approvers_deciding_one_step_at_once_give_one_decision(org) -> None:
    for _round in range(3):
        change, request = _pending_request()  # 或签: either leader may decide
        results = at_once(
            lambda r=request: approvals.approve(request=r, actor=person("gm"), comment="同意"),
            lambda r=request: approvals.reject(request=r, actor=person("vp"), comment="不同意"),
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], Conflict), results
        assert "already" in str(errors[0]) or "已" in str(errors[0])
        decisions = ApprovalAssignment.objects.filter(step__request=request).exclude(decision="")
        assert decisions.count() == 1
        change.refresh_from_db()
        assert change.state in (PositionChange.State.APPROVED, PositionChange.State.REJECTED)
        assert ApprovalAction.objects.filter(request=request).exclude(kind="submitted").count() == 1


def test_one_approver_sending_the_same_decision_twice_at_once_counts_once(org) -> None:
    change, request = _pending_request()
    results = at_once(
        lambda: approvals.approve(request=request, actor=person("gm")),
        lambda: approvals.approve(request=request, actor=person("gm")),
    )
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert ApprovalAction.objects.filter(request=request, kind="approved").count() == 1
    change.refresh_from_db()
    assert change.state == PositionChange.State.APPROVED


def test_many_submissions_take_numbers_without_duplicates_or_gaps(org) -> None:
    position = Position.objects.get(code="ops_specialist")
    manager = person("ops_manager")
    before = PositionChange.objects.count()

    def draft() -> str:
        change = draft_position_change(
            position=position,
            actor=manager,
            reason="并发编号",
            permissions={"core.view_employee": "own"},
        )
        return change.number

    numbers = at_once(*[draft for _ in range(16)])
    assert all(isinstance(n, str) for n in numbers), numbers
    sequence = sorted(int(re.search(r"(\d{5})$", n).group(1)) for n in numbers)
    assert sequence == list(range(before + 1, before + 17))
    assert len(set(numbers)) == 16
