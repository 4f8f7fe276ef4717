"""Approvals: a position change drafted, submitted and approved through the services."""

from __future__ import annotations

import time
from typing import Any

from bench.timing import row
from yunying.approvals import selectors
from yunying.approvals import services as approvals
from yunying.core.models import Employee, Position
from yunying.core.services.position_change import draft_position_change, submit_position_change


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    count = max(20, int(200 * scale))
    manager = Employee.objects.get(user__username="ops_manager")
    leader = Employee.objects.get(user__username="gm")
    position = Position.objects.get(code="ops_specialist")
    held = dict(position.permissions.values_list("code", "scope"))
    start = time.perf_counter()
    for index in range(count):
        change = draft_position_change(
            position=position,
            actor=manager,
            reason=f"bench {index}",
            permissions={**held, "core.view_employee": "department" if index % 2 else "subtree"},
        )
        change = submit_position_change(change=change, actor=manager)
        request = selectors.latest_request(change)
        assert request is not None
        approvals.approve(request=request, actor=leader)
    seconds = time.perf_counter() - start
    return [
        row(f"position change drafted, submitted, approved ({count}x)", count / seconds, "flows/s"),
        row("  time per flow (3 transactions)", seconds / count * 1000, "ms", 2),
    ]
