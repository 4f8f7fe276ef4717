"""What a contract commits on its plan lines (PROC-3): locking its plans and their lines, in the
documented order (after the contract: its plans, then their lines, each in primary-key order),
and adding or releasing the quantities contracted on them."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy

from yunying.core.messages import Message
from yunying.core.services import inbox
from yunying.core.services.audit import object_type
from yunying.core.sql import update_rows

from ...models import PurchaseContract, PurchasePlan, PurchasePlanLine
from .common import CONTRACT_TASK, MANAGE


def lock_plans(contract: PurchaseContract) -> None:
    """Lock the plans the contract draws on, in primary-key order (after the contract, before
    their lines), so that two contracts on one plan are decided one after the other."""
    list(
        PurchasePlan.objects.select_for_update(no_key=True)
        .filter(pk__in=contract.lines.values("plan_line__plan_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_plan_lines(contract: PurchaseContract) -> dict[int, PurchasePlanLine]:
    ids = sorted(set(contract.lines.values_list("plan_line_id", flat=True)))
    return {
        line.pk: line
        for line in PurchasePlanLine.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .select_related("plan")
        .order_by("pk")
    }


def commit_plan_quantities(
    contract: PurchaseContract, plan_lines: dict[int, PurchasePlanLine], *, sign: int
) -> None:
    for line in contract.lines.all():
        plan_line = plan_lines[line.plan_line_id]
        plan_line.contracted_quantity = max(
            Decimal("0"), plan_line.contracted_quantity + sign * line.quantity
        )
    update_rows(
        PurchasePlanLine,
        ["contracted_quantity"],
        [(ln.pk, ln.contracted_quantity) for ln in plan_lines.values()],
    )
    _contracting_tasks(plan_lines, released=sign < 0)


def _contracting_tasks(plan_lines: dict[int, PurchasePlanLine], *, released: bool) -> None:
    """A plan whose lines are all contracted closes procurement's task to contract it; one that
    is approved and no longer covered (a contract released its quantities) opens it again."""
    plans = {line.plan_id: line.plan for line in plan_lines.values()}
    short = set(
        PurchasePlanLine.objects.filter(
            plan_id__in=plans, contracted_quantity__lt=F("quantity")
        ).values_list("plan_id", flat=True)
    )
    covered = [pk for pk in plans if pk not in short]
    inbox.close_tasks(kind=CONTRACT_TASK, source_type=object_type(PurchasePlan), source_ids=covered)
    for pk in short if released else ():
        if plans[pk].state == PurchasePlan.State.APPROVED:
            open_contracting_task(plans[pk])


def open_contracting_task(plan: PurchasePlan) -> None:
    """Procurement contracts an approved plan (PROC-3): a task for its departments."""
    inbox.open_department_task(
        permission=MANAGE,
        kind=CONTRACT_TASK,
        title=Message(gettext_lazy("Contract the approved plan %(plan)s"), plan=str(plan)),
        source=plan,
        url=f"/procurement/plans/{plan.pk}/",
        clause="PROC-3",
    )
