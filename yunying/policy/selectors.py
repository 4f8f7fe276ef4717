"""Reading the regulations in force (POL-3) and who has acknowledged them (POL-1)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from yunying.core.dates import add_period
from yunying.core.errors import RuleViolation
from yunying.core.models import Department, Employee

from . import catalogue
from .models import Acknowledgement, Regulation, RegulationVersion, Rule


def rule_in_force(key: str) -> Rule | None:
    """The rule with ``key`` in the published version that holds it, or ``None``."""
    return (
        Rule.objects.select_related("version", "clause")
        .filter(key=key, version__state=RegulationVersion.State.PUBLISHED)
        .first()
    )


def require_rule(key: str) -> Rule:
    rule = rule_in_force(key)
    if rule is None:
        spec = catalogue.spec(key)
        raise RuleViolation(
            _("The regulations in force do not configure “%(rule)s”; publish a version that does.")
            % {"rule": spec.label if spec else key},
            clause=spec.clause if spec else "POL-3",
            code="rule_not_configured",
        )
    return rule


@dataclass(frozen=True)
class Parameter:
    value: Decimal
    clause: str
    version: RegulationVersion

    def __int__(self) -> int:
        return int(self.value)


def parameter(key: str) -> Parameter:
    rule = require_rule(key)
    return Parameter(Decimal(str(rule.value)), rule.clause.clause_id, rule.version)


def table(key: str) -> tuple[Any, str]:
    rule = require_rule(key)
    return rule.value, rule.clause.clause_id


def cadence_due(key: str, last: datetime.date | None, *, today: datetime.date) -> datetime.date:
    """The date the next occurrence is due after ``last`` (``today`` when it never happened)."""
    value, _clause = table(key)
    if last is None:
        return today
    return add_period(last, int(value["every"]), value["unit"])


def in_force_versions() -> QuerySet[RegulationVersion]:
    return RegulationVersion.objects.filter(state=RegulationVersion.State.PUBLISHED).select_related(
        "regulation"
    )


def regulations() -> QuerySet[Regulation]:
    return Regulation.objects.select_related("owner_department").prefetch_related("versions")


def current_version(regulation: Regulation) -> RegulationVersion | None:
    return regulation.versions.filter(state=RegulationVersion.State.PUBLISHED).first()


def employees_in_scope(regulation: Regulation) -> QuerySet[Employee]:
    """Active employees of the departments the regulation applies to, with their sub-departments."""
    employees = Employee.objects.filter(active=True, user__is_active=True)
    departments = list(regulation.applies_to.all())
    if not departments:
        return employees
    condition = Q()
    for department in departments:
        condition |= Q(department__path__startswith=department.path)
    return employees.filter(condition)


def in_scope(regulation: Regulation, employee: Employee) -> bool:
    return employees_in_scope(regulation).filter(pk=employee.pk).exists()


def unacknowledged(version: RegulationVersion) -> QuerySet[Employee]:
    done = Acknowledgement.objects.filter(version=version).values("employee_id")
    return (
        employees_in_scope(version.regulation)
        .exclude(pk__in=done)
        .select_related("department")
        .order_by("department__path", "employee_no")
    )


def pending_acknowledgements(employee: Employee) -> list[RegulationVersion]:
    """Published versions the employee is in scope of and has not acknowledged yet."""
    done = set(
        Acknowledgement.objects.filter(employee=employee).values_list("version_id", flat=True)
    )
    result = []
    for version in in_force_versions().prefetch_related("regulation__applies_to"):
        if version.pk in done:
            continue
        departments = list(version.regulation.applies_to.all())
        if not departments or any(employee.department.path.startswith(d.path) for d in departments):
            result.append(version)
    return result


def department_by_code(code: str) -> Department | None:
    return Department.objects.filter(code=code).first()


def rules_in_force() -> QuerySet[Rule]:
    return Rule.objects.filter(version__state=RegulationVersion.State.PUBLISHED).select_related(
        "version__regulation", "clause"
    )
