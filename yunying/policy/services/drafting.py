"""Drafting a regulation (POL-1): a new regulation or a new draft version of one, its
summary, clauses and rules, editable only while it is a draft and only by its managers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Department, Employee
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional

from .. import selectors
from ..models import Clause, Regulation, RegulationVersion, Rule
from .rules import MANAGE, State, validate_rule


def new_version(regulation: Regulation, author: Employee, summary: str) -> RegulationVersion:
    latest = regulation.versions.aggregate(n=Max("version_no"))["n"] or 0
    return RegulationVersion.objects.create(
        number=next_number(RegulationVersion.NUMBER_PREFIX),
        regulation=regulation,
        version_no=latest + 1,
        department=regulation.owner_department,
        created_by=author,
        summary=summary,
    )


@transactional
def create_regulation(
    *,
    code: str,
    title: str,
    owner_department: Department,
    applies_to: Iterable[Department],
    actor: Employee,
) -> RegulationVersion:
    access.require(actor, MANAGE)
    code, title = (code or "").strip(), (title or "").strip()
    if not code:
        raise ValidationFailed(_("This field is required."), field="code")
    if not title:
        raise ValidationFailed(_("This field is required."), field="title")
    if Regulation.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("A regulation with code “%(code)s” exists.") % {"code": code}, field="code"
        )
    regulation = Regulation.objects.create(
        code=code, title=title, owner_department=owner_department
    )
    regulation.applies_to.set(list(applies_to))
    version = new_version(regulation, actor, "")
    audit.record(actor=actor, action="policy.create_regulation", obj=regulation, clause="POL-1")
    return version


@transactional
def new_draft_version(
    *, regulation: Regulation, actor: Employee, summary: str = ""
) -> RegulationVersion:
    """Start the next version as a copy of the one in force (or the latest one)."""
    access.require(actor, MANAGE)
    Regulation.objects.select_for_update(no_key=True).get(pk=regulation.pk)
    if regulation.versions.filter(
        state__in=[State.DRAFT, State.CONSULTATION, State.IN_REVIEW]
    ).exists():
        raise InvalidTransition(
            _("%(regulation)s already has a version being drafted or approved.")
            % {"regulation": regulation},
            clause="POL-1",
        )
    source = (
        selectors.current_version(regulation) or regulation.versions.order_by("-version_no").first()
    )
    version = new_version(regulation, actor, summary)
    if source is not None:
        version.body, version.review_due = source.body, None
        version.save(update_fields=["body"])
        for clause in source.clauses.all():
            copy = Clause.objects.create(
                version=version,
                clause_id=clause.clause_id,
                title=clause.title,
                text=clause.text,
                sort_order=clause.sort_order,
            )
            Rule.objects.bulk_create(
                Rule(version=version, clause=copy, key=r.key, value=r.value, note=r.note)
                for r in clause.rules.all()
            )
    audit.record(
        actor=actor,
        action="policy.new_version",
        obj=version,
        changes={"from": str(source) if source else None},
        clause="POL-1",
    )
    return version


def editable(version: RegulationVersion, actor: Employee) -> RegulationVersion:
    access.require(actor, MANAGE)
    locked = RegulationVersion.objects.select_for_update(no_key=True).get(pk=version.pk)
    if not locked.editable:
        raise InvalidTransition(
            _("%(version)s is %(state)s; published and submitted versions are not edited.")
            % {"version": locked, "state": locked.get_state_display()},
            clause="POL-1",
        )
    return locked


@transactional
def update_version(
    *,
    version: RegulationVersion,
    actor: Employee,
    summary: str,
    body: str,
    review_due: datetime.date | None = None,
) -> RegulationVersion:
    version = editable(version, actor)
    before = audit.snapshot(version, ["summary", "body", "review_due"])
    version.summary, version.body, version.review_due = summary, body, review_due
    version.save(update_fields=["summary", "body", "review_due", "updated_at"])
    audit.record(
        actor=actor,
        action="policy.update_version",
        obj=version,
        changes=audit.diff(before, audit.snapshot(version, ["summary", "body", "review_due"])),
        clause="POL-1",
    )
    return version


@transactional
def save_clause(
    *,
    version: RegulationVersion,
    actor: Employee,
    clause_id: str,
    title: str,
    text: str,
    sort_order: int = 0,
    clause: Clause | None = None,
) -> Clause:
    clause_id, title, text = (clause_id or "").strip(), (title or "").strip(), (text or "").strip()
    for field, value in (("clause_id", clause_id), ("title", title), ("text", text)):
        if not value:
            raise ValidationFailed(_("This field is required."), field=field)
    version = editable(version, actor)
    duplicate = version.clauses.filter(clause_id=clause_id)
    if clause is not None:
        duplicate = duplicate.exclude(pk=clause.pk)
    if duplicate.exists():
        raise ValidationFailed(
            _("This version already has clause %(id)s.") % {"id": clause_id}, field="clause_id"
        )
    if clause is None:
        clause = Clause(version=version)
    elif clause.version_id != version.pk:
        raise ValidationFailed(_("The clause belongs to another version."), field="clause")
    before = audit.snapshot(clause, ["clause_id", "title", "text"]) if clause.pk else {}
    clause.clause_id, clause.title, clause.text, clause.sort_order = (
        clause_id,
        title,
        text,
        sort_order,
    )
    clause.save()
    audit.record(
        actor=actor,
        action="policy.save_clause",
        obj=version,
        changes=audit.diff(before, audit.snapshot(clause, ["clause_id", "title", "text"])),
        clause="POL-1",
    )
    return clause


@transactional
def delete_clause(*, clause: Clause, actor: Employee) -> None:
    version = editable(clause.version, actor)
    audit.record(
        actor=actor,
        action="policy.delete_clause",
        obj=version,
        changes={
            "clause": clause.clause_id,
            "rules": list(clause.rules.values_list("key", flat=True)),
        },
        clause="POL-1",
    )
    clause.delete()


@transactional
def save_rule(
    *,
    version: RegulationVersion,
    actor: Employee,
    clause: Clause,
    key: str,
    value: Any,
    note: str = "",
) -> Rule:
    """Add or replace the rule ``key`` of a draft version, validated against its schema."""
    key = (key or "").strip()
    validate_rule(key, value)
    version = editable(version, actor)
    if clause.version_id != version.pk:
        raise ValidationFailed(_("The clause belongs to another version."), field="clause")
    rule = version.rules.filter(key=key).first()
    before = {"clause": rule.clause.clause_id, "value": rule.value} if rule else {}
    if rule is None:
        rule = Rule(version=version, key=key)
    rule.clause, rule.value, rule.note = clause, value, note
    rule.save()
    audit.record(
        actor=actor,
        action="policy.save_rule",
        obj=version,
        changes={
            "key": key,
            **audit.diff(before, {"clause": clause.clause_id, "value": value}),
        },
        clause="POL-3",
    )
    return rule


@transactional
def delete_rule(*, rule: Rule, actor: Employee) -> None:
    version = editable(rule.version, actor)
    audit.record(
        actor=actor,
        action="policy.delete_rule",
        obj=version,
        changes={"key": rule.key, "value": rule.value},
        clause="POL-3",
    )
    rule.delete()
