"""Resolving an approval chain from the regulation in force (POL-3).

The chain of a document type is the rule ``approval.<type>`` of the published regulation
version. Each step names who approves (a relation or a position) and may carry a condition on the
document's amount in the company currency. The requester never approves their own request, nor
does anyone the document benefits (ORG-3): they are left out of every step, and a step left with
nobody goes to the requester's direct superior. Only an active employee who holds a position
approves: an account whose positions still await approval approves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yunying.core.errors import RuleViolation
from yunying.core.models import Department, Employee
from yunying.policy import selectors as policy
from yunying.policy.models import Rule

from .models import Mode


@dataclass
class ResolvedStep:
    index: int
    name: str
    name_en: str
    mode: str
    condition: dict[str, Any] | None
    required: bool
    approvers: list[Employee] = field(default_factory=list)


def _active(queryset: QuerySet[Employee]) -> list[Employee]:
    return list(
        queryset.filter(active=True, user__is_active=True, positions__isnull=False)
        .distinct()
        .order_by("employee_no")
    )


def may_approve(employee: Employee | None) -> bool:
    """Active, signed in, holding a position."""
    return (
        employee is not None
        and employee.active
        and employee.user.is_active
        and employee.positions.exists()
    )


def department_heads(department: Department) -> list[Employee]:
    return _active(
        Employee.objects.filter(positions__department=department, positions__is_head=True)
    )


def manager_of(department: Department) -> list[Employee]:
    """The head of ``department``, or of the nearest department above it that has one."""
    node: Department | None = department
    while node is not None:
        heads = department_heads(node)
        if heads:
            return heads
        node = node.parent
    return []


def _approvers(
    specs: dict[str, Any] | list[dict[str, Any]], *, requester: Employee, department: Department
) -> list[Employee]:
    if isinstance(specs, dict):
        specs = [specs]
    people: dict[int, Employee] = {}
    for spec in specs:
        for person in _approvers_of(spec, requester=requester, department=department):
            people.setdefault(person.pk, person)
    return list(people.values())


def _approvers_of(
    spec: dict[str, Any], *, requester: Employee, department: Department
) -> list[Employee]:
    kind = spec["kind"]
    if kind == "direct_superior":
        superior = requester.superior
        return [superior] if may_approve(superior) and superior is not None else []
    if kind == "department_manager":
        return manager_of(department)
    if kind == "department_head":
        named = Department.objects.filter(code=spec["department"]).first()
        if named is None:
            raise RuleViolation(
                _("The approval chain names department “%(code)s”, which does not exist.")
                % {"code": spec["department"]},
                clause="POL-3",
            )
        return manager_of(named)
    if kind == "position":
        return _active(Employee.objects.filter(positions__code=spec["position"]))
    if kind == "company_leader":
        return _active(Employee.objects.filter(positions__is_leader=True))
    raise RuleViolation(_("Unknown approver kind “%(kind)s”.") % {"kind": kind}, clause="POL-3")


def condition_holds(condition: dict[str, Any] | None, amount: Decimal | None) -> bool:
    if not condition:
        return True
    value = amount if amount is not None else Decimal("0")
    checks = {
        "amount_gt": lambda limit: value > limit,
        "amount_gte": lambda limit: value >= limit,
        "amount_lt": lambda limit: value < limit,
        "amount_lte": lambda limit: value <= limit,
    }
    return all(checks[name](Decimal(str(limit))) for name, limit in condition.items())


def resolve(
    rule: Rule,
    *,
    requester: Employee,
    department: Department,
    amount: Decimal | None,
    excluded: set[int] | frozenset[int] = frozenset(),
) -> list[ResolvedStep]:
    steps = []
    for index, spec in enumerate(rule.value["steps"]):
        condition = spec.get("when")
        step = ResolvedStep(
            index=index,
            name=spec["name"],
            name_en=spec.get("name_en", ""),
            mode=spec.get("mode", Mode.ONE),
            condition=condition,
            required=condition_holds(condition, amount),
        )
        if step.required:
            approvers = _approvers(spec["approvers"], requester=requester, department=department)
            left_out = {requester.pk, *excluded}
            approvers = [a for a in approvers if a.pk not in left_out]
            superior = requester.superior
            if not approvers and superior is not None and superior.pk not in left_out:
                approvers = [superior] if may_approve(superior) else []
            if not approvers:
                raise RuleViolation(
                    _("Nobody can approve step “%(step)s” of this request.") % {"step": step.name},
                    clause=rule.clause.clause_id,
                    code="no_approver",
                )
            step.approvers = approvers
        steps.append(step)
    return steps


def chain_rule(doc_type_key: str) -> Rule:
    return policy.require_rule(f"approval.{doc_type_key}")
