"""The approvals engine: submit, approve, reject, return, withdraw, delegate.

One decision per step at a time: every decision locks the request row first, so two approvers
acting at once get one decision and one clear refusal. The document's hooks run in the same
transaction as the decision that completes the request.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.errors import Conflict, NotAllowed, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional

from . import notices, registry, resolution
from .models import (
    ApprovalAction,
    ApprovalAssignment,
    ApprovalRequest,
    ApprovalStep,
    Decision,
    Delegation,
    Mode,
)
from .selectors import active_delegators

OVERDUE_TASK = "approvals.overdue"
State = ApprovalRequest.State
StepState = ApprovalStep.State


@transactional
def submit(*, document: Model, actor: Employee) -> ApprovalRequest:
    """Attach an approval request to ``document`` and route it by the chain in force.

    Called by the document's own submit service, in its transaction, after it moved the document
    to its submitted state. When no step of the chain is required (every condition is false) the
    request is approved at once, by the rule, and the approval hook runs.
    """
    doc_type = registry.for_model(type(document))
    if ApprovalRequest.objects.filter(
        doc_type=doc_type.key, object_id=document.pk, state=State.PENDING
    ).exists():
        raise Conflict(_("%(document)s is already awaiting approval.") % {"document": document})
    rule = resolution.chain_rule(doc_type.chain_key)
    department = doc_type.department(document)
    amount = doc_type.amount(document)
    steps = resolution.resolve(
        rule,
        requester=actor,
        department=department,
        amount=amount,
        excluded=doc_type.beneficiaries(document),
    )
    now = timezone.now()
    request = ApprovalRequest.objects.create(
        doc_type=doc_type.key,
        object_id=document.pk,
        document_number=getattr(document, "number", str(document.pk)),
        title=doc_type.title(document)[:200],
        department=department,
        requester=actor,
        amount=amount.quantize(Decimal("0.01")) if amount is not None else None,
        regulation_version=rule.version,
        clause=rule.clause.clause_id,
        chain=rule.value,
        submitted_at=now,
    )
    created = ApprovalStep.objects.bulk_create(
        ApprovalStep(
            request=request,
            index=step.index,
            name=step.name,
            name_en=step.name_en,
            mode=step.mode,
            condition=step.condition,
            state=StepState.WAITING if step.required else StepState.SKIPPED,
        )
        for step in steps
    )
    ApprovalAssignment.objects.bulk_create(
        ApprovalAssignment(step=row, approver=approver)
        for row, step in zip(created, steps, strict=True)
        for approver in step.approvers
    )
    _act(request, None, ApprovalAction.Kind.SUBMITTED, actor, None, "", now)
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=document, by=actor)
    first = next((row for row in created if row.state == StepState.WAITING), None)
    if first is None:
        _finish(request, State.APPROVED, actor, now, auto=True)
    else:
        _activate(request, first, now)
    audit.record(
        actor=actor,
        action="approvals.submit",
        obj=request,
        changes={
            "document": request.document_number,
            "steps": [s.name for s in steps if s.required],
            "skipped": [s.name for s in steps if not s.required],
            "regulation_version": str(rule.version),
        },
        clause=request.clause,
    )
    return request


def approve(*, request: ApprovalRequest, actor: Employee, comment: str = "") -> ApprovalRequest:
    return _decide(request, actor, Decision.APPROVED, comment)


def reject(*, request: ApprovalRequest, actor: Employee, comment: str) -> ApprovalRequest:
    return _decide(request, actor, Decision.REJECTED, comment)


def return_for_changes(
    *, request: ApprovalRequest, actor: Employee, comment: str
) -> ApprovalRequest:
    return _decide(request, actor, Decision.RETURNED, comment)


@transactional
def withdraw(*, request: ApprovalRequest, actor: Employee) -> ApprovalRequest:
    """The requester takes a pending request back; the document returns to its author."""
    locked = _lock(request)
    if locked.requester_id != actor.pk:
        raise NotAllowed(_("Only the requester can withdraw this request."))
    now = timezone.now()
    _act(locked, None, ApprovalAction.Kind.WITHDRAWN, actor, None, "", now)
    _finish(locked, State.WITHDRAWN, actor, now)
    audit.record(actor=actor, action="approvals.withdraw", obj=locked, clause=locked.clause)
    return locked


def _lock(request: ApprovalRequest) -> ApprovalRequest:
    locked = ApprovalRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
    if locked.state != State.PENDING:
        raise Conflict(
            _("This request has already been decided: %(state)s.")
            % {"state": locked.get_state_display()},
            code="already_decided",
        )
    return locked


@transactional
def _decide(
    request: ApprovalRequest, actor: Employee, decision: str, comment: str
) -> ApprovalRequest:
    comment = (comment or "").strip()
    if decision != Decision.APPROVED and not comment:
        raise ValidationFailed(
            _("Say why: a comment is required to reject or return a request."), field="comment"
        )
    locked = _lock(request)
    if locked.requester_id == actor.pk:
        raise NotAllowed(_("Nobody approves their own request."), code="own_request")
    if not resolution.may_approve(actor):
        raise NotAllowed(
            _("Only an employee who holds a position decides on approvals."), code="no_position"
        )
    _refuse_beneficiary(locked, actor)
    step = locked.steps.get(index=locked.current_step)
    assignment = _assignment_for(step, actor, locked)
    now = timezone.now()
    assignment.decision = decision
    assignment.decided_by = actor
    assignment.comment = comment
    assignment.decided_at = now
    assignment.save(update_fields=["decision", "decided_by", "comment", "decided_at"])
    on_behalf = assignment.approver if assignment.approver_id != actor.pk else None
    _act(locked, step, decision, actor, on_behalf, comment, now)
    if decision == Decision.APPROVED:
        _after_approval(locked, step, actor, now)
    else:
        step.state = StepState.REJECTED if decision == Decision.REJECTED else StepState.RETURNED
        step.decided_at = now
        step.save(update_fields=["state", "decided_at"])
        final = State.REJECTED if decision == Decision.REJECTED else State.RETURNED
        _finish(locked, final, actor, now, comment=comment)
    audit.record(
        actor=actor,
        action=f"approvals.{decision}",
        obj=locked,
        changes={
            "step": step.name,
            "decision": decision,
            "comment": comment,
            "on_behalf_of": on_behalf.name if on_behalf else None,
            "request_state": locked.state,
        },
        clause=locked.clause,
    )
    return locked


def _refuse_beneficiary(request: ApprovalRequest, actor: Employee) -> None:
    """Nobody approves a change that benefits them (ORG-3), whoever they act for."""
    doc_type = registry.get(request.doc_type)
    document = doc_type.model._default_manager.get(pk=request.object_id)
    if actor.pk in doc_type.beneficiaries(document):
        raise NotAllowed(
            _("Nobody decides on a change that benefits them."),
            code="own_benefit",
            clause="ORG-3",
        )


def _assignment_for(
    step: ApprovalStep, actor: Employee, request: ApprovalRequest
) -> ApprovalAssignment:
    """The actor's own assignment on the step, or one they hold by delegation. One person
    counts once in a step: whoever decided for one approver of a 会签 step (their own or by
    delegation) does not decide for another."""
    assignments = list(step.assignments.select_related("approver", "decided_by"))
    signed = next((a for a in assignments if a.decided_by_id == actor.pk), None)
    if signed is not None:
        raise Conflict(
            _("You have already decided this step (for %(who)s); one person counts once.")
            % {"who": signed.approver},
            code="already_decided",
        )
    mine = [a for a in assignments if a.approver_id == actor.pk]
    if not mine:
        delegators = set(active_delegators(actor))
        mine = [a for a in assignments if a.approver_id in delegators]
    if not mine:
        raise NotAllowed(
            _("You are not an approver of the step “%(step)s”.") % {"step": step.name},
            code="not_approver",
        )
    open_ones = [a for a in mine if not a.decision]
    if not open_ones:
        decided = mine[0]
        raise Conflict(
            _("%(who)s has already decided this step.")
            % {"who": decided.decided_by or decided.approver},
            code="already_decided",
        )
    return open_ones[0]


def _after_approval(
    request: ApprovalRequest, step: ApprovalStep, actor: Employee, now: datetime.datetime
) -> None:
    if step.mode == Mode.ALL and step.assignments.filter(decision="").exists():
        return  # 会签: the step waits for the others
    step.state = StepState.APPROVED
    step.decided_at = now
    step.save(update_fields=["state", "decided_at"])
    inbox.close_tasks(kind=OVERDUE_TASK, source=step)
    following = (
        request.steps.filter(index__gt=step.index, state=StepState.WAITING)
        .order_by("index")
        .first()
    )
    if following is not None:
        _activate(request, following, now)
    else:
        _finish(request, State.APPROVED, actor, now)


def _activate(request: ApprovalRequest, step: ApprovalStep, now: datetime.datetime) -> None:
    step.state = StepState.ACTIVE
    step.activated_at = now
    step.save(update_fields=["state", "activated_at"])
    request.current_step = step.index
    request.save(update_fields=["current_step"])
    notices.awaiting(request, step)


def _finish(
    request: ApprovalRequest,
    state: str,
    actor: Employee,
    now: datetime.datetime,
    *,
    auto: bool = False,
    comment: str = "",
) -> None:
    request.state = state
    request.decided_at = now
    request.save(update_fields=["state", "decided_at"])
    request.steps.filter(state__in=[StepState.WAITING, StepState.ACTIVE]).update(
        state=StepState.CANCELLED
    )
    for step in request.steps.all():
        inbox.close_tasks(kind=OVERDUE_TASK, source=step)
    if auto:
        _act(request, None, ApprovalAction.Kind.AUTO_APPROVED, actor, None, "", now)
    doc_type = registry.get(request.doc_type)
    document = doc_type.model._default_manager.select_for_update(no_key=True).get(
        pk=request.object_id
    )
    hook = {
        State.APPROVED: doc_type.on_approved,
        State.REJECTED: doc_type.on_rejected,
        State.RETURNED: doc_type.on_returned,
        State.WITHDRAWN: doc_type.on_withdrawn,
    }[State(state)]
    hook(document, request, actor)
    if state != State.WITHDRAWN and actor.pk != request.requester_id:
        notices.decided(request, State(state), document, doc_type.url(document), comment)
    if state == State.RETURNED:
        notices.revise(request, document, doc_type.url(document), comment)


def _act(
    request: ApprovalRequest,
    step: ApprovalStep | None,
    kind: str,
    actor: Employee,
    on_behalf_of: Employee | None,
    comment: str,
    now: datetime.datetime,
) -> None:
    ApprovalAction.objects.create(
        request=request,
        step=step,
        kind=kind,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        at=now,
        regulation_version_id=request.regulation_version_id,
        clause=request.clause,
    )


@transactional
def delegate(
    *,
    delegator: Employee,
    delegate_to: Employee,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str = "",
    actor: Employee,
) -> Delegation:
    """While away, let ``delegate_to`` decide ``delegator``'s approval steps."""
    if actor.pk != delegator.pk:
        raise NotAllowed(_("You can only delegate your own approvals."))
    if delegate_to.pk == delegator.pk:
        raise ValidationFailed(_("Choose somebody else to delegate to."), field="delegate")
    if not resolution.may_approve(delegate_to):
        raise ValidationFailed(
            _("The delegate must be an active employee holding a position."), field="delegate"
        )
    if ends_at <= starts_at:
        raise ValidationFailed(_("The end must be after the start."), field="ends_at")
    delegation = Delegation.objects.create(
        delegator=delegator,
        delegate=delegate_to,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action="approvals.delegate",
        obj=delegation,
        changes={"delegate": delegate_to.name, "from": starts_at, "until": ends_at},
    )
    inbox.notify(
        [delegate_to],
        title=Message(gettext_lazy("%(name)s has delegated approvals to you"), name=delegator.name),
        body=f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M} – "
        f"{timezone.localtime(ends_at):%Y-%m-%d %H:%M} {reason}",
        url="/approvals/",
        source=delegation,
    )
    return delegation


@transactional
def revoke_delegation(*, delegation: Delegation, actor: Employee) -> Delegation:
    if actor.pk != delegation.delegator_id:
        raise NotAllowed(_("Only the delegator can revoke this delegation."))
    locked = Delegation.objects.select_for_update(no_key=True).get(pk=delegation.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="approvals.revoke_delegation", obj=locked)
    return locked
