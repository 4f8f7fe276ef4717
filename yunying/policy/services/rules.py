"""What a rule of a regulation may say (POL-3): each rule key's value checked against its
schema in the catalogue, approver names that exist, and no two rules of a version that
contradict each other."""

from __future__ import annotations

from typing import Any

import jsonschema
from django.utils.translation import gettext as _

from yunying.core.errors import RuleViolation, ValidationFailed
from yunying.core.models import Department, Position

from .. import catalogue
from ..models import RegulationVersion, Rule

MANAGE = "policy.manage_regulation"
State = RegulationVersion.State


def validate_rule(key: str, value: Any) -> None:
    """The value must fit the catalogue's schema for ``key`` and name things that exist."""
    spec = catalogue.spec(key)
    if spec is None:
        raise ValidationFailed(_("Unknown rule “%(key)s”.") % {"key": key}, field="key")
    try:
        jsonschema.validate(value, spec.schema)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or key
        raise ValidationFailed(
            _("Rule %(key)s, at %(where)s: %(problem)s")
            % {"key": key, "where": where, "problem": error.message},
            field="value",
            clause="POL-3",
        ) from None
    if spec.kind == catalogue.APPROVAL_CHAIN:
        for step in value["steps"]:
            approvers = step["approvers"]
            for approver in approvers if isinstance(approvers, list) else [approvers]:
                _check_names(key, approver)


def _check_names(key: str, approver: dict[str, Any]) -> None:
    if (
        "department" in approver
        and not Department.objects.filter(code=approver["department"]).exists()
    ):
        raise ValidationFailed(
            _("Rule %(key)s: no department has the code “%(code)s”.")
            % {"key": key, "code": approver["department"]},
            field="value",
            clause="POL-3",
        )
    if "position" in approver and not Position.objects.filter(code=approver["position"]).exists():
        raise ValidationFailed(
            _("Rule %(key)s: no position has the code “%(code)s”.")
            % {"key": key, "code": approver["position"]},
            field="value",
            clause="POL-3",
        )


def check_conflicts(version: RegulationVersion) -> None:
    """A rule is in force in one regulation only (POL-3): keys may not clash across them."""
    keys = set(version.rules.values_list("key", flat=True))
    clash = (
        Rule.objects.filter(key__in=keys, version__state=State.PUBLISHED)
        .exclude(version__regulation=version.regulation)
        .select_related("version__regulation")
        .first()
    )
    if clash is not None:
        raise RuleViolation(
            _("The rule %(key)s is already in force in %(regulation)s.")
            % {"key": clash.key, "regulation": clash.version.regulation},
            clause="POL-3",
        )
