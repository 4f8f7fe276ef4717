"""A contract compared with what its plans were approved for (PROC-2, PROC-3): the lines beyond
the quantity left on their plan line or above its approved price, the amount the approval of such
a contract is routed on, and whether the chain in force has the company leader's step it needs.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from yunying.approvals.resolution import condition_holds
from yunying.core.errors import RuleViolation
from yunying.policy import selectors as policy

from ...models import ContractLine, PurchaseContract, PurchasePlanLine
from ...selectors import COMMITTED_STATES

CENT = Decimal("0.01")
CONTRACT_CHAIN = "approval.procurement.purchase_contract"
PLAN_CHAINS = {  # the chain each kind of plan is approved by (PROC-2, INV-3)
    "purchase": "approval.procurement.purchase_plan",
    "replenishment": "approval.inventory.replenishment_plan",
}


def beyond_plan(contract: PurchaseContract) -> list[tuple[ContractLine, Decimal]]:
    """Lines whose quantity exceeds what is left of their plan line, with the excess."""
    result = []
    for line in contract.lines.select_related("plan_line"):
        left = line.plan_line.quantity - line.plan_line.contracted_quantity
        if line.quantity > left:
            result.append((line, line.quantity - left))
    return result


def beyond_price(contract: PurchaseContract) -> list[ContractLine]:
    """Lines whose unit price, in the company currency, is above their plan line's approved
    price (PROC-2)."""
    return [
        line for line in contract.lines.select_related("plan_line") if line.beyond_approved_price
    ]


def amount_in_company_currency(contract: PurchaseContract) -> Decimal:
    return (contract.amount * contract.exchange_rate).quantize(CENT)


def approval_amount(contract: PurchaseContract) -> Decimal:
    """The amount, in the company currency, that the approval of a contract beyond its plan is
    routed on (PROC-2): what the plans it draws on now commit — on each of their lines, the
    contracts made on it (this one and those signed or awaiting approval) plus what is left of
    the line at its approved price — and never less than the contract itself."""
    plan_ids = contract.lines.values("plan_line__plan_id")
    committed: dict[int, tuple[Decimal, Decimal]] = {}
    for plan_line_id, quantity, price, rate in ContractLine.objects.filter(
        Q(contract_id=contract.pk) | Q(contract__state__in=COMMITTED_STATES),
        plan_line__plan_id__in=plan_ids,
    ).values_list("plan_line_id", "quantity", "unit_price", "contract__exchange_rate"):
        done, value = committed.get(plan_line_id, (Decimal("0"), Decimal("0")))
        committed[plan_line_id] = (done + quantity, value + quantity * price * rate)
    total = Decimal("0")
    for plan_line_id, quantity, price in PurchasePlanLine.objects.filter(
        plan_id__in=plan_ids
    ).values_list("pk", "quantity", "estimated_price"):
        done, value = committed.get(plan_line_id, (Decimal("0"), Decimal("0")))
        total += value + max(Decimal("0"), quantity - done) * price
    return max(total.quantize(CENT), amount_in_company_currency(contract))


def _leaders_approve(key: str, amount: Decimal) -> bool:
    """Whether the chain in force under ``key`` has a company leader approve ``amount``."""
    rule = policy.rule_in_force(key)
    if rule is None:
        return False
    for step in rule.value.get("steps", []):
        approvers = step.get("approvers")
        specs = approvers if isinstance(approvers, list) else [approvers]
        if any(spec.get("kind") == "company_leader" for spec in specs) and condition_holds(
            step.get("when"), amount
        ):
            return True
    return False


def check_leaders_step(contract: PurchaseContract, kinds: set[str], amount: Decimal) -> None:
    """PROC-2: where a plan of ``amount`` goes to a company leader, so does a contract beyond
    its plan. A regulation version whose contract chain has no such step (as shipped before it
    was added) cannot let one through: signing is refused until a version that has it is in
    force."""
    if not any(_leaders_approve(PLAN_CHAINS[str(kind)], amount) for kind in kinds):
        return
    if not _leaders_approve(CONTRACT_CHAIN, amount):
        raise RuleViolation(
            _(
                "%(contract)s commits an amount for which the regulations in force have a "
                "company leader approve a plan, but their approval chain for contracts beyond "
                "the plan has no company leader's step; it cannot be signed until a version "
                "with that step is in force."
            )
            % {"contract": contract.number},
            clause="PROC-2",
            code="chain_without_leader",
        )
