"""Changing a position's duties and permissions (ORG-3).

The head of the position's department (or of a department above it) drafts the change; it takes
effect only when the approval chain of the regulation in force approves it. The approved change
documents are the position's history, each with the state before it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, states, workflow
from ..errors import InvalidTransition, NotAllowed, RuleViolation, ValidationFailed
from ..messages import Message
from ..models import Employee, Position, PositionChange, PositionChangePermission
from ..tx import transactional
from . import audit, inbox
from .numbering import next_number
from .org import MANAGE_ORG, replace_permissions, validate_permissions

CLAUSE = "ORG-3"


def may_draft(actor: Employee, position: Position) -> bool:
    """The head of the position's department or of one above it, or an organisation admin."""
    if access.has_perm(actor, MANAGE_ORG):
        return True
    heads = actor.positions.filter(is_head=True).select_related("department")
    return any(position.department.path.startswith(head.department.path) for head in heads)


def _lines(change: PositionChange, permissions: Mapping[str, str]) -> None:
    change.lines.all().delete()
    PositionChangePermission.objects.bulk_create(
        PositionChangePermission(change=change, code=code, scope=scope_value)
        for code, scope_value in sorted(permissions.items())
    )


@transactional
def draft_position_change(
    *,
    position: Position,
    actor: Employee,
    reason: str,
    permissions: Mapping[str, str],
    duties: str = "",
    is_head: bool | None = None,
    is_leader: bool | None = None,
) -> PositionChange:
    """A change of the position's duties and permissions (the full new set) and, optionally,
    of its being its department's head or a company leader (``None``: unchanged)."""
    if not may_draft(actor, position):
        raise NotAllowed(
            _("Only the head of %(department)s drafts changes to its positions.")
            % {"department": position.department},
            clause=CLAUSE,
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the change."), field="reason")
    clean = validate_permissions(permissions)
    _check_flags(position, is_head)
    change = PositionChange.objects.create(
        number=next_number(PositionChange.NUMBER_PREFIX),
        position=position,
        department=position.department,
        created_by=actor,
        reason=reason,
        duties=duties.strip(),
        is_head=is_head,
        is_leader=is_leader,
    )
    _lines(change, clean)
    audit.record(
        actor=actor,
        action="core.draft_position_change",
        obj=change,
        changes={"position": position.code, "permissions": clean, **_flags(change)},
        clause=CLAUSE,
    )
    return change


def _flags(change: PositionChange) -> dict[str, bool]:
    return {
        f: getattr(change, f) for f in ("is_head", "is_leader") if getattr(change, f) is not None
    }


def _check_flags(position: Position, is_head: bool | None) -> None:
    """One head per department, and a head position is held by one person (ORG-1)."""
    if not is_head or position.is_head:
        return
    if Position.objects.filter(department_id=position.department_id, is_head=True).exists():
        raise RuleViolation(
            _("%(department)s already has its manager position.")
            % {"department": position.department},
            clause="ORG-1",
            field="is_head",
        )
    if position.holders.filter(active=True).count() > 1:
        raise RuleViolation(
            _("A head position is held by one person; %(position)s has more.")
            % {"position": position},
            clause="ORG-1",
            field="is_head",
        )


@transactional
def update_position_change(
    *,
    change: PositionChange,
    actor: Employee,
    reason: str,
    permissions: Mapping[str, str],
    duties: str = "",
    is_head: bool | None = None,
    is_leader: bool | None = None,
) -> PositionChange:
    clean = validate_permissions(permissions)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the change."), field="reason")
    change = _locked_editable(change, actor)
    _check_flags(change.position, is_head)
    before = change.after()
    change.reason, change.duties = reason, duties.strip()
    change.is_head, change.is_leader = is_head, is_leader
    change.save(update_fields=["reason", "duties", "is_head", "is_leader", "updated_at"])
    _lines(change, clean)
    audit.record(
        actor=actor,
        action="core.update_position_change",
        obj=change,
        changes=audit.diff(before, change.after()),
        clause=CLAUSE,
    )
    return change


def _locked_editable(change: PositionChange, actor: Employee) -> PositionChange:
    locked = PositionChange.objects.select_for_update(no_key=True).get(pk=change.pk)
    if locked.created_by_id != actor.pk:
        raise NotAllowed(_("Only the author edits this change."))
    if locked.state not in PositionChange.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(document)s is %(state)s and can no longer be edited.")
            % {"document": locked.number, "state": locked.get_state_display()}
        )
    return locked


@transactional
def submit_position_change(*, change: PositionChange, actor: Employee) -> PositionChange:
    change = PositionChange.objects.select_for_update(no_key=True).get(pk=change.pk)
    if change.created_by_id != actor.pk:
        raise NotAllowed(_("Only the author submits this change."))
    if change.position.changes.filter(state=PositionChange.State.SUBMITTED).exists():
        raise InvalidTransition(
            _("Another change to %(position)s is awaiting approval.")
            % {"position": change.position},
            clause=CLAUSE,
        )
    states.transition(change, "submit")
    change.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="core.submit_position_change", obj=change, clause=CLAUSE)
    workflow.submit(document=change, actor=actor)
    change.refresh_from_db()
    return change


@transactional
def cancel_position_change(*, change: PositionChange, actor: Employee) -> PositionChange:
    change = _locked_editable(change, actor)
    states.transition(change, "cancel")
    change.save(update_fields=["state", "updated_at"])
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=change, by=actor)
    audit.record(actor=actor, action="core.cancel_position_change", obj=change, clause=CLAUSE)
    return change


# Hooks called by the approvals engine in the transaction of the final decision.


def on_approved(change: PositionChange, request: object, actor: Employee) -> None:
    """Put the new permission set and duties in force, keeping what was there before."""
    position = Position.objects.select_for_update(no_key=True).get(pk=change.position_id)
    _check_flags(position, change.is_head)  # the department may have a head by now
    before: dict[str, object] = {
        "duties": position.duties,
        "permissions": dict(position.permissions.values_list("code", "scope")),
    }
    after = change.after()
    replace_permissions(position, after["permissions"])  # type: ignore[arg-type]
    if change.duties:
        position.duties = change.duties
    for flag, value in _flags(change).items():
        before[flag] = getattr(position, flag)
        setattr(position, flag, value)
    if position.is_head:
        position.headcount = 1
    position.save(update_fields=["duties", "is_head", "is_leader", "headcount"])
    states.transition(change, "approve")
    change.before = before
    change.applied_at = timezone.now()
    change.save(update_fields=["state", "before", "applied_at", "updated_at"])
    audit.record(
        actor=actor,
        action="core.apply_position_change",
        obj=position,
        changes=audit.diff(before, after),
        clause=CLAUSE,
    )
    inbox.notify(
        position.holders.filter(active=True),
        title=Message(
            gettext_lazy("The permissions of your position %(position)s have changed"),
            position=position.name,
        ),
        body=change.reason,
        url=f"/org/positions/{position.pk}/",
        source=change,
    )


def beneficiaries(change: PositionChange) -> set[int]:
    """Those who hold the position never approve a change of it (ORG-3)."""
    return set(change.position.holders.values_list("pk", flat=True))


def on_rejected(change: PositionChange, request: object, actor: Employee) -> None:
    states.transition(change, "reject")
    change.save(update_fields=["state", "updated_at"])


def on_returned(change: PositionChange, request: object, actor: Employee) -> None:
    states.transition(change, "send_back")
    change.save(update_fields=["state", "updated_at"])


def on_withdrawn(change: PositionChange, request: object, actor: Employee) -> None:
    states.transition(change, "withdraw")
    change.save(update_fields=["state", "updated_at"])
