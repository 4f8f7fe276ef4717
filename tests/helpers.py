"""Small builders shared by tests (given-steps), on top of the real services."""

from __future__ import annotations

from typing import Any

from yunying.core.models import Employee, Position, PositionChange
from yunying.core.services.position_change import draft_position_change
from yunying.policy.models import RegulationVersion, Rule


def set_rule(key: str, value: Any) -> None:
    """Given the regulation in force configures ``key`` as ``value`` (test set-up only)."""
    updated = Rule.objects.filter(key=key, version__state=RegulationVersion.State.PUBLISHED).update(
        value=value
    )
    assert updated == 1, key


def chain(*steps: dict[str, Any]) -> dict[str, Any]:
    return {"steps": list(steps)}


def step(name: str, approvers: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "approvers": approvers, **extra}


def draft_change(
    author: Employee,
    *,
    position: str = "ops_specialist",
    permissions: dict[str, str] | None = None,
    reason: str = "业务调整",
    is_head: bool | None = None,
    is_leader: bool | None = None,
) -> PositionChange:
    return draft_position_change(
        position=Position.objects.get(code=position),
        actor=author,
        reason=reason,
        permissions=permissions
        if permissions is not None
        else {"core.view_employee": "subtree", "approvals.view_request": "department"},
        is_head=is_head,
        is_leader=is_leader,
    )
