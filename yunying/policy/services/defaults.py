"""Loading the regulations a company starts with (the defaults shipped with the product, or a
company's own file): each regulation published at once as its first version."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yunying.core import tx
from yunying.core.errors import ValidationFailed
from yunying.core.models import Department, Employee
from yunying.core.services import audit

from ..models import Clause, Regulation, RegulationVersion, Rule
from .drafting import new_version
from .lifecycle import publish
from .rules import State, check_conflicts, validate_rule


def load_regulations(
    data: dict[str, Any], *, actor: Employee | None = None
) -> list[RegulationVersion]:
    """Create and publish the regulations described in ``data`` (the repository's defaults).

    Used when a company is set up; a regulation whose code exists already is left as it is,
    changes to it go through the lifecycle.
    """
    published = []
    with tx.atomic():
        for entry in data.get("regulations", []):
            if Regulation.objects.filter(code=entry["code"]).exists():
                continue
            owner = Department.objects.get(code=entry["owner_department"])
            regulation = Regulation.objects.create(
                code=entry["code"], title=entry["title"], owner_department=owner
            )
            regulation.applies_to.set(
                Department.objects.filter(code__in=entry.get("applies_to", []))
            )
            version = new_version(
                regulation, actor or _system_author(owner), entry.get("summary", "")
            )
            version.body = entry.get("body", "")
            version.save(update_fields=["body"])
            for order, item in enumerate(entry.get("clauses", []), start=1):
                clause = Clause.objects.create(
                    version=version,
                    clause_id=item["id"],
                    title=item["title"],
                    text=item["text"],
                    sort_order=order,
                )
                for rule in item.get("rules", []):
                    validate_rule(rule["key"], rule["value"])
                    Rule.objects.create(
                        version=version,
                        clause=clause,
                        key=rule["key"],
                        value=rule["value"],
                        note=rule.get("note", ""),
                    )
            check_conflicts(version)
            version.state = State.IN_REVIEW
            publish(version, actor)
            audit.record(
                actor=actor,
                action="policy.load_defaults",
                obj=version,
                changes={"rules": sorted(version.rules.values_list("key", flat=True))},
                clause="POL-3",
            )
            published.append(version)
    return published


def _system_author(owner: Department) -> Employee:
    """Who a regulation loaded at setup is recorded as drafted by: the owner department's head."""
    head = (
        Employee.objects.filter(positions__department=owner, positions__is_head=True).first()
        or Employee.objects.order_by("pk").first()
    )
    if head is None:
        raise ValidationFailed(_("Create the organisation before loading regulations."))
    return head
