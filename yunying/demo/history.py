"""A few months of history so every page has something to show.

Everything goes through the services, as the users would have done it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalStep
from yunying.approvals.selectors import latest_request
from yunying.core.models import Employee, Position
from yunying.core.services.position_change import draft_position_change, submit_position_change


def _people() -> dict[str, Employee]:
    return {e.user.username: e for e in Employee.objects.select_related("user")}


def build_history() -> None:
    people = _people()
    _position_changes(people)


def _position_changes(people: dict[str, Employee]) -> None:
    """One approved change (with its history), one waiting for the leaders (ORG-3)."""
    analyst = Position.objects.get(code="data_analyst")
    change = draft_position_change(
        position=analyst,
        actor=people["ops_manager"],
        reason="数据分析员需查看本部门及下级团队人员信息，以便编制人效分析报告。",
        permissions={"core.view_employee": "subtree"},
    )
    change = submit_position_change(change=change, actor=people["ops_manager"])
    request = latest_request(change)
    if request is None:
        raise RuntimeError("the position change was not routed for approval")
    ApprovalStep.objects.filter(request=request).update(
        activated_at=timezone.now() - datetime.timedelta(hours=20)
    )
    approvals.approve(request=request, actor=people["gm"], comment="同意。")

    supervisor = Position.objects.get(code="ops_supervisor")
    pending = draft_position_change(
        position=supervisor,
        actor=people["ops_manager"],
        reason="运营主管协助部门经理督促制度宣贯，需查看制度的阅知情况。",
        permissions={
            "core.view_employee": "subtree",
            "approvals.view_request": "subtree",
            "policy.view_acknowledgements": "all",
        },
    )
    submit_position_change(change=pending, actor=people["ops_manager"])
