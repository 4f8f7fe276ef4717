"""What a contract commits on its plan lines (PROC-3): locking its plans and their lines, in the
documented order (after the contract: its plans, then their lines, each in primary-key order),
and adding or releasing the quantities contracted on them."""

from __future__ import annotations

from decimal import Decimal

from yunying.core.sql import update_rows

from ...models import PurchaseContract, PurchasePlan, PurchasePlanLine


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
