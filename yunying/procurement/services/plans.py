"""Purchase and replenishment plans: drafted by an ops supervisor with lines the system proposes
(PROC-1, INV-2), approved by the chain of the regulation in force (PROC-2, INV-3); a rejected
plan returns to its author with the reason; approved plans reach procurement.

Every line is priced before the plan goes to approval, because the chain depends on the plan's
amount (PROC-2: a company leader above the threshold). A line without a price (0 or none given)
takes the item's last purchase price (the unit price, in the company currency, of the most
recently signed contract for it), else its standard cost; an item with neither is refused
(``estimated_price``, PROC-2) until the author gives the price. The approved price is what
procurement may contract at without a new approval (see ``contracts``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.approvals import services as approvals
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.masterdata.models import Item, Supplier

from ..models import (
    ContractLine,
    PurchaseContract,
    PurchasePlan,
    PurchasePlanLine,
    ReplenishmentPlan,
)

DRAFT = "procurement.draft_plan"


@dataclass(frozen=True)
class PlanLine:
    item: Item
    quantity: Decimal
    needed_by: datetime.date
    estimated_price: Decimal = Decimal("0")
    supplier: Supplier | None = None
    note: str = ""
    proposed_quantity: Decimal | None = None


def as_document(plan: PurchasePlan) -> PurchasePlan:
    """The plan as the document type the approvals engine routes (purchase or replenishment)."""
    if plan.kind == PurchasePlan.Kind.REPLENISHMENT and not isinstance(plan, ReplenishmentPlan):
        return ReplenishmentPlan.objects.get(pk=plan.pk)
    return plan


def _clause(plan: PurchasePlan) -> str:
    return "INV-3" if plan.kind == PurchasePlan.Kind.REPLENISHMENT else "PROC-2"


def _validate(title: str, needed_by: datetime.date | None, lines: Sequence[PlanLine]) -> None:
    if not (title or "").strip():
        raise ValidationFailed(_("Give the plan a title."), field="title")
    if needed_by is None:
        raise ValidationFailed(_("Say when the goods are needed."), field="needed_by")
    if not lines:
        raise ValidationFailed(_("A plan needs at least one line."), field="lines")
    seen = set()
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.estimated_price < 0:
            raise ValidationFailed(
                _("Line %(n)s: the price cannot be negative.") % {"n": number},
                field="estimated_price",
            )
        if not line.item.active:
            raise ValidationFailed(
                _("Line %(n)s: %(item)s is not active.") % {"n": number, "item": line.item},
                field="item",
            )
        if line.item.pk in seen:
            raise ValidationFailed(
                _("Line %(n)s: %(item)s appears twice.") % {"n": number, "item": line.item},
                field="item",
            )
        seen.add(line.item.pk)


PRICE_STEP = Decimal("0.0001")
PURCHASED_STATES = (
    PurchaseContract.State.SIGNED,
    PurchaseContract.State.PARTIAL,
    PurchaseContract.State.RECEIVED,
)


def reference_price(item: Item) -> Decimal:
    """The price of an unpriced plan line: the item's last purchase price in the company
    currency, else its standard cost (0 when neither is known)."""
    last = (
        ContractLine.objects.filter(item_id=item.pk, contract__state__in=PURCHASED_STATES)
        .order_by("-contract__signed_on", "-contract_id", "-id")
        .values_list("unit_price", "contract__exchange_rate")
        .first()
    )
    if last is not None:
        return (last[0] * last[1]).quantize(PRICE_STEP)
    return item.standard_cost or Decimal("0")


def _price_of(number: int, item: Item) -> Decimal:
    price = reference_price(item)
    if price <= 0:
        raise ValidationFailed(
            _(
                "Line %(n)s: %(item)s has no price, and neither an earlier purchase nor a "
                "standard cost to take it from; give the estimated price (the approval depends "
                "on the plan's amount)."
            )
            % {"n": number, "item": item},
            field="estimated_price",
            clause="PROC-2",
        )
    return price


def _priced(lines: Sequence[PlanLine]) -> list[PlanLine]:
    """The lines, those without a price priced at their item's reference price (PROC-2)."""
    return [
        line
        if line.estimated_price > 0
        else replace(line, estimated_price=_price_of(number, line.item))
        for number, line in enumerate(lines, start=1)
    ]


def _write_lines(plan: PurchasePlan, lines: Sequence[PlanLine]) -> None:
    plan.lines.all().delete()
    PurchasePlanLine.objects.bulk_create(
        PurchasePlanLine(
            plan=plan,
            item=line.item,
            quantity=line.quantity,
            proposed_quantity=line.proposed_quantity,
            estimated_price=line.estimated_price,
            needed_by=line.needed_by,
            supplier=line.supplier,
            note=line.note,
        )
        for line in lines
    )


def _snapshot(plan: PurchasePlan) -> dict[str, object]:
    return {
        "title": plan.title,
        "needed_by": plan.needed_by,
        "lines": [[ln.item_id, ln.quantity, ln.estimated_price] for ln in plan.lines.all()],
    }


@transactional
def draft_plan(
    *,
    kind: str,
    title: str,
    needed_by: datetime.date,
    lines: Sequence[PlanLine],
    actor: Employee,
    reason: str = "",
) -> PurchasePlan:
    access.require_to_hold(actor, DRAFT, actor.department, actor)  # the plan will be theirs
    if kind not in PurchasePlan.Kind.values:
        raise ValidationFailed(_("Unknown kind of plan."), field="kind")
    _validate(title, needed_by, lines)
    lines = _priced(lines)
    model = ReplenishmentPlan if kind == PurchasePlan.Kind.REPLENISHMENT else PurchasePlan
    plan = model.objects.create(
        number=next_number(model.NUMBER_PREFIX),
        kind=kind,
        department=actor.department,
        created_by=actor,
        title=title.strip(),
        reason=reason,
        needed_by=needed_by,
    )
    _write_lines(plan, lines)
    audit.record(
        actor=actor,
        action="procurement.draft_plan",
        obj=plan,
        changes=_snapshot(plan),
        clause="PROC-1",
    )
    return plan


def _editable(plan: PurchasePlan, actor: Employee) -> PurchasePlan:
    locked = PurchasePlan.objects.select_for_update(no_key=True).get(pk=plan.pk)
    if locked.created_by_id != actor.pk:
        raise NotAllowed(_("Only the author changes this plan."))
    if locked.state not in PurchasePlan.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(plan)s is %(state)s; it can no longer be changed.")
            % {"plan": locked.number, "state": locked.get_state_display()},
            clause=_clause(locked),
        )
    return locked


@transactional
def update_plan(
    *,
    plan: PurchasePlan,
    title: str,
    needed_by: datetime.date,
    lines: Sequence[PlanLine],
    actor: Employee,
    reason: str = "",
) -> PurchasePlan:
    _validate(title, needed_by, lines)
    lines = _priced(lines)
    plan = _editable(plan, actor)
    before = _snapshot(plan)
    plan.title, plan.needed_by, plan.reason = title.strip(), needed_by, reason
    plan.save(update_fields=["title", "needed_by", "reason", "updated_at"])
    _write_lines(plan, lines)
    audit.record(
        actor=actor,
        action="procurement.update_plan",
        obj=plan,
        changes=audit.diff(before, _snapshot(plan)),
        clause="PROC-1",
    )
    return plan


@transactional
def submit_plan(*, plan: PurchasePlan, actor: Employee) -> PurchasePlan:
    """Send the plan to the department manager's approval (PROC-2 / INV-3)."""
    plan = _editable(plan, actor)
    lines = list(plan.lines.select_related("item"))
    if not lines:
        raise ValidationFailed(_("A plan needs at least one line."), field="lines")
    # A line left without a price (drafted before lines were priced) is priced now: the chain
    # depends on the amount (PROC-2).
    unpriced = [
        (line, _price_of(number, line.item))
        for number, line in enumerate(lines, start=1)
        if line.estimated_price <= 0
    ]
    update_rows(PurchasePlanLine, ["estimated_price"], [(ln.pk, p) for ln, p in unpriced])
    states.transition(plan, "submit")
    plan.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="procurement.submit_plan",
        obj=plan,
        changes={"priced": [[ln.item_id, p] for ln, p in unpriced]} if unpriced else None,
        clause=_clause(plan),
    )
    approvals.submit(document=as_document(plan), actor=actor)
    plan.refresh_from_db()
    return plan


def revise_plan(*, plan: PurchasePlan, actor: Employee) -> PurchasePlan:
    """Take a rejected plan back into draft to change and resubmit it."""
    return _move(plan, actor, "revise")


@transactional
def cancel_plan(*, plan: PurchasePlan, actor: Employee) -> PurchasePlan:
    plan = _move(plan, actor, "cancel")
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=plan, by=actor)
    return plan


@transactional
def _move(plan: PurchasePlan, actor: Employee, verb: str) -> PurchasePlan:
    plan = PurchasePlan.objects.select_for_update(no_key=True).get(pk=plan.pk)
    if plan.created_by_id != actor.pk:
        raise NotAllowed(_("Only the author changes this plan."))
    states.transition(plan, verb)
    plan.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=f"procurement.{verb}_plan", obj=plan, clause=_clause(plan))
    return plan


@transactional
def close_plan(*, plan: PurchasePlan, actor: Employee) -> PurchasePlan:
    """Procurement closes an approved plan (fully contracted, or the rest is no longer needed)."""
    from .contracts import MANAGE
    from .contracts.common import CONTRACT_TASK

    access.require(actor, MANAGE)
    plan = PurchasePlan.objects.select_for_update(no_key=True).get(pk=plan.pk)
    if plan.lines.filter(contract_lines__contract__state="submitted").exists():
        raise InvalidTransition(
            _("A contract on this plan is awaiting approval; decide it before closing the plan."),
            clause="PROC-3",
        )
    states.transition(plan, "close")
    plan.save(update_fields=["state", "updated_at"])
    inbox.close_tasks(kind=CONTRACT_TASK, source=plan, by=actor)
    audit.record(actor=actor, action="procurement.close_plan", obj=plan, clause="PROC-3")
    return plan


# Hooks of the approvals engine.


def on_approved(plan: PurchasePlan, request: object, actor: Employee) -> None:
    states.transition(plan, "approve")
    plan.approved_at = timezone.now()
    plan.save(update_fields=["state", "approved_at", "updated_at"])
    from .contracts import MANAGE
    from .contracts.commitments import open_contracting_task

    buyers = Employee.objects.filter(active=True, positions__permissions__code=MANAGE).distinct()
    inbox.notify(
        buyers,
        title=Message(gettext_lazy("Approved plan for procurement: %(plan)s"), plan=str(plan)),
        url=f"/procurement/plans/{plan.pk}/",
        source=plan,
    )
    open_contracting_task(plan)


def on_rejected(plan: PurchasePlan, request: object, actor: Employee) -> None:
    states.transition(plan, "reject")
    plan.save(update_fields=["state", "updated_at"])


def on_returned(plan: PurchasePlan, request: object, actor: Employee) -> None:
    states.transition(plan, "send_back")
    plan.save(update_fields=["state", "updated_at"])


def on_withdrawn(plan: PurchasePlan, request: object, actor: Employee) -> None:
    states.transition(plan, "withdraw")
    plan.save(update_fields=["state", "updated_at"])


def amount_of(plan: PurchasePlan) -> Decimal:
    """Estimated value in the company currency (plans are estimated in it)."""
    return plan.amount
