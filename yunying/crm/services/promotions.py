"""Promotion plans (MKT-2): drafted with their channels, period, budget and targets, approved by
the chain of the regulation in force (rule ``approval.crm.promotion``: the operations manager,
and a company leader above the budget threshold), then carried by the sales orders and the
contacts they bring until the plan is closed. A rejected plan returns to its author through
``revise``; a plan is changed only while it is a draft."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.approvals import services as approvals
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata.models import Customer, Item, Region

from ..models import Channel, Promotion
from ..permissions import PLAN_PROMOTION

CLAUSE = "MKT-2"
MONEY_MAX = Decimal("9999999999999999.99")
# The states in which orders and contacts may name the promotion.
RUNNING = frozenset({Promotion.State.APPROVED})


@dataclass(frozen=True)
class PlanInput:
    """What a promotion plan says: the form, the API and the demo hand this to the service."""

    name: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    channels: Sequence[str]
    budget: Decimal = Decimal("0")
    target_leads: int = 0
    target_orders: int = 0
    target_revenue: Decimal = Decimal("0")
    description: str = ""
    items: Sequence[Item] = field(default_factory=tuple)
    regions: Sequence[Region] = field(default_factory=tuple)
    owner: Employee | None = None


def _validate(plan: PlanInput) -> None:
    if not (plan.name or "").strip():
        raise ValidationFailed(_("Give the promotion a name."), field="name")
    if not plan.channels:
        raise ValidationFailed(_("Choose at least one channel."), field="channels")
    unknown = [code for code in plan.channels if code not in Channel.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown channel: %(channel)s.") % {"channel": unknown[0]}, field="channels"
        )
    if plan.starts_on is None:
        raise ValidationFailed(_("Give the first day of the promotion."), field="starts_on")
    if plan.ends_on is None or plan.ends_on < plan.starts_on:
        raise ValidationFailed(
            _("The promotion cannot end before it starts."), field="ends_on", clause=CLAUSE
        )
    for name in ("budget", "target_revenue"):
        amount = getattr(plan, name)
        if amount < 0 or amount > MONEY_MAX:
            raise ValidationFailed(_("The amount cannot be negative."), field=name, clause=CLAUSE)
    for name in ("target_leads", "target_orders"):
        if getattr(plan, name) < 0:
            raise ValidationFailed(_("A target cannot be negative."), field=name)
    if plan.owner is not None and not plan.owner.active:
        raise ValidationFailed(
            _("%(name)s no longer works here.") % {"name": plan.owner.name}, field="owner"
        )


def _fields(plan: PlanInput) -> dict[str, Any]:
    return {
        "name": plan.name.strip(),
        "description": plan.description.strip(),
        "channels": list(dict.fromkeys(plan.channels)),  # in the order chosen, once each
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "budget": plan.budget,
        "target_leads": plan.target_leads,
        "target_orders": plan.target_orders,
        "target_revenue": plan.target_revenue,
    }


def _snapshot(promotion: Promotion) -> dict[str, Any]:
    return {
        "name": promotion.name,
        "channels": promotion.channels,
        "period": [promotion.starts_on, promotion.ends_on],
        "budget": promotion.budget,
        "targets": [promotion.target_leads, promotion.target_orders, promotion.target_revenue],
        "owner": str(promotion.owner or ""),
    }


@transactional
def create_promotion(*, plan: PlanInput, actor: Employee) -> Promotion:
    """Draft a promotion plan in the actor's department (MKT-2)."""
    owner = plan.owner or actor
    access.require_to_hold(actor, PLAN_PROMOTION, actor.department, owner)
    _validate(plan)
    promotion = Promotion.objects.create(
        number=next_number(Promotion.NUMBER_PREFIX),
        department=actor.department,
        created_by=actor,
        owner=owner,
        **_fields(plan),
    )
    promotion.items.set(plan.items)
    promotion.regions.set(plan.regions)
    audit.record(
        actor=actor,
        action="crm.create_promotion",
        obj=promotion,
        changes=_snapshot(promotion),
        clause=CLAUSE,
    )
    return promotion


def _locked(promotion: Promotion, actor: Employee) -> Promotion:
    access.require_in_scope(actor, PLAN_PROMOTION, promotion)
    return Promotion.objects.select_for_update(no_key=True).get(pk=promotion.pk)


@transactional
def update_promotion(*, promotion: Promotion, plan: PlanInput, actor: Employee) -> Promotion:
    """Change a draft plan; once submitted it is changed only after a rejection (``revise``)."""
    _validate(plan)
    promotion = _locked(promotion, actor)
    if promotion.state not in Promotion.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(promotion)s is %(state)s; it can no longer be changed.")
            % {"promotion": promotion.number, "state": promotion.get_state_display()},
            clause=CLAUSE,
        )
    before = _snapshot(promotion)
    for name, value in _fields(plan).items():
        setattr(promotion, name, value)
    promotion.owner = plan.owner or promotion.owner
    promotion.save()
    promotion.items.set(plan.items)
    promotion.regions.set(plan.regions)
    audit.record(
        actor=actor,
        action="crm.update_promotion",
        obj=promotion,
        changes=audit.diff(before, _snapshot(promotion)),
        clause=CLAUSE,
    )
    return promotion


@transactional
def submit_promotion(*, promotion: Promotion, actor: Employee) -> Promotion:
    """Send the plan to the approval chain of the regulation in force (MKT-2)."""
    promotion = _move(promotion, actor, "submit")
    approvals.submit(document=promotion, actor=actor)
    promotion.refresh_from_db()
    return promotion


def revise_promotion(*, promotion: Promotion, actor: Employee) -> Promotion:
    """Take a rejected plan back into draft to change and resubmit it."""
    return _move(promotion, actor, "revise")


@transactional
def cancel_promotion(*, promotion: Promotion, actor: Employee) -> Promotion:
    """Drop a plan before or while it runs; what it already brought stays attributed to it."""
    promotion = _move(promotion, actor, "cancel")
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=promotion, by=actor)
    return promotion


def close_promotion(*, promotion: Promotion, actor: Employee) -> Promotion:
    """End a running promotion: no more orders or contacts name it; its results stay."""
    return _move(promotion, actor, "close")


@transactional
def _move(promotion: Promotion, actor: Employee, verb: str) -> Promotion:
    promotion = _locked(promotion, actor)
    states.transition(promotion, verb)
    promotion.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=f"crm.{verb}_promotion", obj=promotion, clause=CLAUSE)
    return promotion


# What orders and contacts may carry (MKT-2).


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="promotion", clause=CLAUSE)


def check_carried(promotion: Promotion, on_date: datetime.date, region: Region | None) -> None:
    """Only an approved promotion whose period covers the day (and, when it targets regions,
    one of them covers the region) is carried."""
    if promotion.state not in RUNNING:
        raise _refuse(
            _("%(promotion)s is %(state)s; only an approved promotion can be named.")
            % {"promotion": promotion.number, "state": promotion.get_state_display()}
        )
    if not promotion.starts_on <= on_date <= promotion.ends_on:
        raise _refuse(
            _("%(promotion)s runs from %(start)s to %(end)s, not on %(day)s.")
            % {
                "promotion": promotion.number,
                "start": promotion.starts_on,
                "end": promotion.ends_on,
                "day": on_date,
            }
        )
    targeted = [r.path for r in promotion.regions.all()]
    if targeted and not (region is not None and region.path.startswith(tuple(targeted))):
        raise _refuse(
            _("%(promotion)s does not target this customer's region.")
            % {"promotion": promotion.number}
        )


def check_for_order(promotion_id: int, customer: Customer, on_date: datetime.date) -> None:
    """The check sales asks before an order carries a promotion (``sales.hooks``)."""
    promotion = Promotion.objects.filter(pk=promotion_id).first()
    if promotion is None:
        raise _refuse(_("No such promotion: %(id)s.") % {"id": promotion_id})
    check_carried(promotion, on_date, customer.region)


def order_choices(on_date: datetime.date) -> list[tuple[int, str]]:
    """The promotions an order entered on ``on_date`` may carry, for the order form."""
    rows = Promotion.objects.filter(
        state__in=RUNNING, starts_on__lte=on_date, ends_on__gte=on_date
    ).order_by("number")
    return [
        (pk, f"{number} {name}") for pk, number, name in rows.values_list("pk", "number", "name")
    ]


# Hooks of the approvals engine.


def on_approved(promotion: Promotion, request: object, actor: Employee) -> None:
    states.transition(promotion, "approve")
    promotion.approved_at = timezone.now()
    promotion.save(update_fields=["state", "approved_at", "updated_at"])
    inbox.notify(
        [promotion.owner],
        title=Message(gettext_lazy("Promotion approved: %(promotion)s"), promotion=str(promotion)),
        url=f"/crm/promotions/{promotion.pk}/",
        source=promotion,
    )


def on_rejected(promotion: Promotion, request: object, actor: Employee) -> None:
    states.transition(promotion, "reject")
    promotion.save(update_fields=["state", "updated_at"])


def on_returned(promotion: Promotion, request: object, actor: Employee) -> None:
    states.transition(promotion, "send_back")
    promotion.save(update_fields=["state", "updated_at"])


def on_withdrawn(promotion: Promotion, request: object, actor: Employee) -> None:
    states.transition(promotion, "withdraw")
    promotion.save(update_fields=["state", "updated_at"])


def approval_amount(promotion: Promotion) -> Decimal:
    """The budget: the chain asks a company leader above its threshold."""
    return promotion.budget


def may_plan(actor: Employee, promotion: Promotion) -> bool:
    return access.has_perm(actor, PLAN_PROMOTION) and access.in_scope(
        actor, PLAN_PROMOTION, promotion
    )
