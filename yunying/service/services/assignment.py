"""Who a new service case goes to (SVC-1): by the customer's region when the rule
``service.assignment`` maps it, else round robin among the team's holders of the handling
permission. The round-robin pointer is one row per team, locked for the moment of choosing."""

from __future__ import annotations

from typing import Any

from yunying.core.models import Department, Employee
from yunying.masterdata.models import Customer, Region
from yunying.policy import selectors as policy

from ..models import AssignmentPointer

RULE = "service.assignment"
HANDLE = "service.handle_case"
DEFAULT_TEAM = "OPS-CS"


def setting() -> dict[str, Any]:
    rule = policy.rule_in_force(RULE)
    return {"method": "round_robin"} if rule is None else dict(rule.value)


def default_team() -> Department | None:
    code = setting().get("team") or DEFAULT_TEAM
    return Department.objects.filter(code=code, active=True).first()


def handlers(team: Department) -> list[Employee]:
    """The active employees holding the handling permission through a position of ``team``,
    in id order."""
    return list(
        Employee.objects.filter(
            active=True,
            positions__department=team,
            positions__permissions__code=HANDLE,
        )
        .select_related("user")
        .distinct()
        .order_by("pk")
    )


def _by_region(customer: Customer, team: Department, regions: dict[str, str]) -> Employee | None:
    """The agent mapped to the customer's region or its nearest parent region."""
    if not regions:
        return None
    region: Region | None = customer.region
    ids = [int(part) for part in (region.path if region else "").split("/") if part.isdigit()]
    codes = dict(Region.objects.filter(pk__in=ids).values_list("pk", "code"))
    chain = [region.code] if region else []
    chain += [codes[pk] for pk in reversed(ids) if pk in codes and codes[pk] not in chain]
    members = {employee.user.get_username(): employee for employee in handlers(team)}
    for code in chain:
        username = regions.get(code)
        if username in members:
            return members[username]
    return None


def _round_robin(team: Department) -> Employee | None:
    candidates = handlers(team)
    if not candidates:
        return None
    AssignmentPointer.objects.get_or_create(team=team)
    pointer = AssignmentPointer.objects.select_for_update(no_key=True).get(team=team)
    last = pointer.last_assignee_id or 0
    chosen = next((e for e in candidates if e.pk > last), candidates[0])
    pointer.last_assignee = chosen
    pointer.save(update_fields=["last_assignee"])
    return chosen


def choose(customer: Customer, team: Department) -> Employee | None:
    """The handler of a new case of ``customer`` in ``team`` (None when the team has none)."""
    rule = setting()
    if rule.get("method") == "region":
        chosen = _by_region(customer, team, rule.get("regions") or {})
        if chosen is not None:
            return chosen
    return _round_robin(team)
