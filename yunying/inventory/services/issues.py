"""Material issues (领料 / 其他出库, INV-6): goods taken out of stock for production use, samples,
scrap or another purpose, not for a sale.

An issue is drafted with its reason and lines, submitted to the approval chain of the regulation
in force (``approval.inventory.material_issue``: the department manager, and a company leader
above the amount the rule names; the amount is Σ quantity × standard cost) and posted out of
stock when approved — never beyond the stock available (INV-6). An approved issue the stock no
longer covers waits, approved, until the warehouse posts it. Cancelling a posted issue posts the
reversal: the goods come back at the cost they left with.

Lock order: the issue, then (posting) the items and the locations through the ledger, the number
sequence when drafting, the audit chain last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.approvals import services as approvals
from yunying.core import access, states, tx
from yunying.core.errors import InsufficientStock, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata.models import Item, Location

from ..models import LedgerKind, MaterialIssue, MaterialIssueLine
from .ledger import Move, Source, post_moves, reverse_source

POST_TASK = "inventory.post_issue"  # an approved issue the stock did not cover: post it later

ISSUE = "inventory.issue_material"
CLAUSE = "INV-6"
ZERO = Decimal("0")


@dataclass(frozen=True)
class IssueLine:
    item: Item
    location: Location
    quantity: Decimal


def _check(lines: Sequence[IssueLine], reason: str, purpose: str) -> None:
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the issue."), field="reason")
    if purpose not in MaterialIssue.Purpose.values:
        raise ValidationFailed(_("Choose the purpose of the issue."), field="purpose")
    if not lines:
        raise ValidationFailed(_("Add at least one line."), field="lines")
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if not line.location.active:
            raise ValidationFailed(
                _("Line %(n)s: the location %(location)s is not active.")
                % {"n": number, "location": line.location},
                field="location",
            )


def _value(lines: Sequence[IssueLine]) -> Decimal:
    """Σ quantity × standard cost: the amount the approval chain compares."""
    return sum((line.quantity * line.item.standard_cost for line in lines), ZERO)


def _write_lines(issue: MaterialIssue, lines: Sequence[IssueLine]) -> None:
    MaterialIssueLine.objects.bulk_create(
        MaterialIssueLine(
            issue=issue, item=line.item, location=line.location, quantity=line.quantity
        )
        for line in lines
    )


@transactional
def draft_issue(
    *,
    lines: Sequence[IssueLine],
    reason: str,
    actor: Employee,
    purpose: str = MaterialIssue.Purpose.PRODUCTION,
    requester: Employee | None = None,
    submit: bool = False,
) -> MaterialIssue:
    """A draft issue for ``requester`` (the actor by default), of the requester's department;
    ``submit``: sent to approval at once, in the same unit of work."""
    access.require(actor, ISSUE)
    _check(lines, reason, purpose)
    asked_by = requester or actor
    issue = MaterialIssue.objects.create(
        number=next_number(MaterialIssue.NUMBER_PREFIX),
        department=asked_by.department,
        created_by=actor,
        requester=asked_by,
        purpose=purpose,
        reason=reason.strip(),
        amount=_value(lines),
    )
    _write_lines(issue, lines)
    audit.record(
        actor=actor,
        action="inventory.draft_issue",
        obj=issue,
        changes={"purpose": purpose, "reason": issue.reason, "amount": issue.amount},
        clause=CLAUSE,
    )
    return submit_issue(issue=issue, actor=actor) if submit else issue


def _locked(issue: MaterialIssue, actor: Employee) -> MaterialIssue:
    access.require(actor, ISSUE)
    return MaterialIssue.objects.select_for_update(no_key=True).get(pk=issue.pk)


@transactional
def revise_issue(
    *,
    issue: MaterialIssue,
    lines: Sequence[IssueLine],
    reason: str,
    actor: Employee,
    purpose: str = MaterialIssue.Purpose.PRODUCTION,
) -> MaterialIssue:
    """Change a draft or returned issue: its purpose, reason and lines."""
    issue = _locked(issue, actor)
    if issue.state not in MaterialIssue.EDITABLE_STATES:
        raise ValidationFailed(_("Only a draft or returned issue can be changed."))
    _check(lines, reason, purpose)
    issue.lines.all().delete()
    _write_lines(issue, lines)
    issue.purpose, issue.reason, issue.amount = purpose, reason.strip(), _value(lines)
    issue.save(update_fields=["purpose", "reason", "amount", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.revise_issue",
        obj=issue,
        changes={"purpose": purpose, "reason": issue.reason, "amount": issue.amount},
        clause=CLAUSE,
    )
    return issue


@transactional
def submit_issue(*, issue: MaterialIssue, actor: Employee) -> MaterialIssue:
    """Send the issue to the approval chain of the regulation (INV-6); when no step applies it is
    approved at once and posted."""
    issue = _locked(issue, actor)
    states.transition(issue, "submit")
    issue.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.submit_issue",
        obj=issue,
        changes={"amount": issue.amount},
        clause=CLAUSE,
    )
    approvals.submit(document=issue, actor=actor)
    issue.refresh_from_db()
    return issue


def _post(issue: MaterialIssue, actor: Employee) -> None:
    """Post the approved issue out of stock (INV-6: refused beyond the stock available)."""
    lines = list(issue.lines.all())
    day = timezone.localdate()
    post_moves(
        moves=[
            Move(ln.item_id, ln.location_id, -ln.quantity, LedgerKind.ISSUE, source_line=ln.pk)
            for ln in lines
        ],
        source=Source.of(issue),
        actor=actor,
        posting_date=day,
    )
    states.transition(issue, "post")
    issue.posting_date, issue.posted_at = day, timezone.now()
    issue.save(update_fields=["state", "posting_date", "posted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.post_issue",
        obj=issue,
        changes={"lines": [[ln.item_id, ln.location_id, -ln.quantity] for ln in lines]},
        clause=CLAUSE,
    )


@transactional
def post_issue(*, issue: MaterialIssue, actor: Employee) -> MaterialIssue:
    """Post an approved issue that the stock did not cover when it was approved."""
    issue = _locked(issue, actor)
    if issue.state != MaterialIssue.State.APPROVED:
        states.transition(issue, "post")  # refuses with the state it is in
    _post(issue, actor)
    inbox.close_tasks(kind=POST_TASK, source=issue, by=actor)
    return issue


@transactional
def cancel_issue(*, issue: MaterialIssue, actor: Employee) -> MaterialIssue:
    """Cancel the issue; a posted one gets its reversal posted (the goods come back)."""
    issue = _locked(issue, actor)
    was_posted = issue.state == MaterialIssue.State.POSTED
    states.transition(issue, "cancel")
    if was_posted:
        reverse_source(source=Source.of(issue), actor=actor)
    issue.save(update_fields=["state", "updated_at"])
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=issue, by=actor)
    inbox.close_tasks(kind=POST_TASK, source=issue, by=actor)
    audit.record(
        actor=actor,
        action="inventory.cancel_issue",
        obj=issue,
        changes={"reversed": was_posted},
        clause=CLAUSE,
    )
    return issue


# Hooks of the approvals engine (the issue is locked by the decision).


def amount_of(issue: MaterialIssue) -> Decimal:
    return issue.amount


def on_approved(issue: MaterialIssue, request: object, actor: Employee) -> None:
    """Approved: posted at once; when the stock no longer covers it, it stays approved and the
    person who drafted it is told, with a task to post it once the stock is there."""
    states.transition(issue, "approve")
    issue.save(update_fields=["state", "updated_at"])
    try:
        with tx.atomic(savepoint=True):
            _post(issue, issue.created_by)
    except InsufficientStock as error:
        issue.state = MaterialIssue.State.APPROVED
        inbox.notify(
            [issue.created_by],
            title=Message(
                gettext_lazy("%(number)s approved but not posted: %(detail)s"),
                number=issue.number,
                detail=error.message,
            ),
            url=f"/inventory/issues/{issue.pk}/",
            source=issue,
        )
        inbox.open_task(
            assignee=issue.created_by,
            kind=POST_TASK,
            title=Message(
                gettext_lazy("Post %(number)s once the stock covers it"), number=issue.number
            ),
            source=issue,
            url=f"/inventory/issues/{issue.pk}/",
            clause=CLAUSE,
        )


def on_returned(issue: MaterialIssue, request: object, actor: Employee) -> None:
    states.transition(issue, "send_back")
    issue.save(update_fields=["state", "updated_at"])


def on_rejected(issue: MaterialIssue, request: object, actor: Employee) -> None:
    states.transition(issue, "reject")
    issue.save(update_fields=["state", "updated_at"])


def on_withdrawn(issue: MaterialIssue, request: object, actor: Employee) -> None:
    states.transition(issue, "withdraw")
    issue.save(update_fields=["state", "updated_at"])
