"""The regulation lifecycle (POL-1) and its rules (POL-3).

draft → consultation (comments) → approval through the engine → published (immutable; the
previous published version is superseded) → employees in scope acknowledge it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import jsonschema
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.approvals import services as approvals
from yunying.core import access, states, tx
from yunying.core.checks import Finding
from yunying.core.dates import add_months
from yunying.core.errors import InvalidTransition, NotAllowed, RuleViolation, ValidationFailed
from yunying.core.models import Department, Employee, Position
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional

from . import catalogue, selectors
from .models import Acknowledgement, Clause, Comment, Regulation, RegulationVersion, Rule

MANAGE = "policy.manage_regulation"
State = RegulationVersion.State


# --------------------------------------------------------------------------- rule validation


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


def _check_conflicts(version: RegulationVersion) -> None:
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


# --------------------------------------------------------------------------- loading defaults


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
            version = _new_version(
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
            _check_conflicts(version)
            version.state = State.IN_REVIEW
            _publish(version, actor)
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


# --------------------------------------------------------------------------- drafting


def _new_version(regulation: Regulation, author: Employee, summary: str) -> RegulationVersion:
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
    version = _new_version(regulation, actor, "")
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
    version = _new_version(regulation, actor, summary)
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


def _editable(version: RegulationVersion, actor: Employee) -> RegulationVersion:
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
    version = _editable(version, actor)
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
    version = _editable(version, actor)
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
    version = _editable(clause.version, actor)
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
    version = _editable(version, actor)
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
    version = _editable(rule.version, actor)
    audit.record(
        actor=actor,
        action="policy.delete_rule",
        obj=version,
        changes={"key": rule.key, "value": rule.value},
        clause="POL-3",
    )
    rule.delete()


# --------------------------------------------------------------------------- lifecycle


@transactional
def _move(version: RegulationVersion, verb: str, actor: Employee, action: str) -> RegulationVersion:
    version = _editable(version, actor)
    states.transition(version, verb)
    version.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=action, obj=version, clause="POL-1")
    return version


def open_consultation(*, version: RegulationVersion, actor: Employee) -> RegulationVersion:
    version = _move(version, "open_consultation", actor, "policy.open_consultation")
    inbox.notify(
        selectors.employees_in_scope(version.regulation).exclude(pk=actor.pk),
        title=_("Your comments are asked on %(version)s")
        % {"version": f"{version.regulation.title} v{version.version_no}"},
        url=f"/regulations/versions/{version.pk}/",
    )
    return version


def close_consultation(*, version: RegulationVersion, actor: Employee) -> RegulationVersion:
    return _move(version, "close_consultation", actor, "policy.close_consultation")


def discard_version(*, version: RegulationVersion, actor: Employee) -> RegulationVersion:
    return _move(version, "discard", actor, "policy.discard_version")


@transactional
def add_comment(
    *, version: RegulationVersion, actor: Employee, text: str, clause: Clause | None = None
) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Write the comment."), field="text")
    version = RegulationVersion.objects.select_for_update(no_key=True).get(pk=version.pk)
    if version.state != State.CONSULTATION:
        raise InvalidTransition(
            _("Comments are collected only while a version is in consultation."),
            clause="POL-1",
        )
    if clause is not None and clause.version_id != version.pk:
        raise ValidationFailed(_("The clause belongs to another version."), field="clause")
    comment = Comment.objects.create(version=version, clause=clause, author=actor, text=text)
    audit.record(
        actor=actor,
        action="policy.comment",
        obj=version,
        changes={"clause": clause.clause_id if clause else None, "text": text},
        clause="POL-1",
    )
    return comment


@transactional
def submit_version(*, version: RegulationVersion, actor: Employee) -> RegulationVersion:
    version = _editable(version, actor)
    if not version.clauses.exists():
        raise ValidationFailed(
            _("A regulation version needs at least one clause."), field="clauses"
        )
    for rule in version.rules.all():
        validate_rule(rule.key, rule.value)
    _check_conflicts(version)
    states.transition(version, "submit")
    version.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="policy.submit_version", obj=version, clause="POL-1")
    approvals.submit(document=version, actor=actor)
    version.refresh_from_db()
    return version


def _publish(version: RegulationVersion, actor: Employee | None) -> None:
    now = timezone.now()
    previous = list(
        RegulationVersion.objects.select_for_update(no_key=True)
        .filter(regulation=version.regulation, state=State.PUBLISHED)
        .exclude(pk=version.pk)
    )
    for old in previous:
        states.transition(old, "supersede")
        old.superseded_at = now
        old.save(update_fields=["state", "superseded_at", "updated_at"])
    _check_conflicts(version)
    states.transition(version, "approve")
    version.published_at = now
    version.save(update_fields=["state", "published_at", "updated_at"])
    if version.review_due is None:
        months = selectors.rule_in_force("policy.review_interval_months")
        if months is not None:
            version.review_due = add_months(timezone.localdate(), int(months.value))
            version.save(update_fields=["review_due"])
    audit.record(
        actor=actor,
        action="policy.publish",
        obj=version,
        changes={"superseded": [str(v) for v in previous]},
        clause="POL-1",
    )
    inbox.notify(
        selectors.employees_in_scope(version.regulation),
        title=_("New regulation in force: %(title)s v%(version)s — please acknowledge")
        % {"title": version.regulation.title, "version": version.version_no},
        url=f"/regulations/versions/{version.pk}/",
    )


# Hooks called by the approvals engine.


def on_approved(version: RegulationVersion, request: object, actor: Employee) -> None:
    _publish(version, actor)


def on_rejected(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "reject")
    version.save(update_fields=["state", "updated_at"])


def on_returned(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "send_back")
    version.save(update_fields=["state", "updated_at"])


def on_withdrawn(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "withdraw")
    version.save(update_fields=["state", "updated_at"])


# --------------------------------------------------------------------------- acknowledgement


@transactional
def acknowledge(*, version: RegulationVersion, actor: Employee) -> Acknowledgement:
    """The employee confirms having read the published version (once; repeating is harmless)."""
    if version.state != State.PUBLISHED:
        raise InvalidTransition(_("Only the version in force is acknowledged."), clause="POL-1")
    if not selectors.in_scope(version.regulation, actor):
        raise NotAllowed(_("This regulation does not apply to you."), clause="POL-1")
    existing = Acknowledgement.objects.filter(version=version, employee=actor).first()
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement.objects.create(version=version, employee=actor)
    audit.record(actor=actor, action="policy.acknowledge", obj=version, clause="POL-1")
    return acknowledgement


# --------------------------------------------------------------------------- scheduled check


def check_review_due() -> list[Finding]:
    """Published regulations past their review date (POL-2): a task for the owner's head."""
    today = timezone.localdate()
    findings = []
    for version in selectors.in_force_versions().filter(review_due__lt=today):
        url = f"/regulations/versions/{version.pk}/"
        for head in Employee.objects.filter(
            positions__department=version.regulation.owner_department, positions__is_head=True
        ):
            inbox.open_task(
                assignee=head,
                kind="policy.review_due",
                title=_("Review due: %(regulation)s") % {"regulation": version.regulation.title},
                source=version,
                url=url,
                clause="POL-2",
            )
        findings.append(
            Finding(
                _("%(title)s v%(version)s was due for review on %(date)s.")
                % {
                    "title": version.regulation.title,
                    "version": version.version_no,
                    "date": version.review_due,
                },
                clause="POL-2",
                url=url,
            )
        )
    return findings
