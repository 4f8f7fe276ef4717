"""The lifecycle of a regulation version (POL-1): consultation and comments, submission to
the approvals engine (through ``core.workflow``), publication when approved (the previous
version is superseded) and the engine's hooks."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import states, workflow
from yunying.core.dates import add_months
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional

from .. import selectors
from ..models import Clause, Comment, RegulationVersion
from .drafting import editable
from .rules import State, check_conflicts, validate_rule


@transactional
def _move(version: RegulationVersion, verb: str, actor: Employee, action: str) -> RegulationVersion:
    version = editable(version, actor)
    states.transition(version, verb)
    version.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=action, obj=version, clause="POL-1")
    return version


def open_consultation(*, version: RegulationVersion, actor: Employee) -> RegulationVersion:
    version = _move(version, "open_consultation", actor, "policy.open_consultation")
    inbox.notify(
        selectors.employees_in_scope(version.regulation).exclude(pk=actor.pk),
        title=Message(
            gettext_lazy("Your comments are asked on %(version)s"),
            version=f"{version.regulation.title} v{version.version_no}",
        ),
        url=f"/regulations/versions/{version.pk}/",
        source=version,
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
    version = editable(version, actor)
    if not version.clauses.exists():
        raise ValidationFailed(
            _("A regulation version needs at least one clause."), field="clauses"
        )
    for rule in version.rules.all():
        validate_rule(rule.key, rule.value)
    check_conflicts(version)
    states.transition(version, "submit")
    version.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="policy.submit_version", obj=version, clause="POL-1")
    workflow.submit(document=version, actor=actor)
    version.refresh_from_db()
    return version


def publish(version: RegulationVersion, actor: Employee | None) -> None:
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
    check_conflicts(version)
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
        title=Message(
            gettext_lazy("New regulation in force: %(title)s v%(version)s — please acknowledge"),
            title=version.regulation.title,
            version=version.version_no,
        ),
        url=f"/regulations/versions/{version.pk}/",
        source=version,
    )


# Hooks called by the approvals engine.


def on_approved(version: RegulationVersion, request: object, actor: Employee) -> None:
    publish(version, actor)


def on_rejected(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "reject")
    version.save(update_fields=["state", "updated_at"])


def on_returned(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "send_back")
    version.save(update_fields=["state", "updated_at"])


def on_withdrawn(version: RegulationVersion, request: object, actor: Employee) -> None:
    states.transition(version, "withdraw")
    version.save(update_fields=["state", "updated_at"])
