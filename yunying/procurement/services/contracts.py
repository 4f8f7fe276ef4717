"""Purchase contracts (PROC-2, PROC-3, PROC-4, PROC-7): procurement turns approved plan lines
into contracts with a supplier; a blocked supplier gets no contract; signing tells the operations
department and gives an ops specialist the delivery to follow.

A contract is signed at once only within what its plan lines were approved for: no more than
the quantity left on each plan line (PROC-3) and no higher a unit price, in the company currency,
than the line's approved price (PROC-2). Beyond either, signing sends the contract to the approval
of the chain in force (rule ``approval.procurement.purchase_contract``) and it is signed only when
that approval is through; until then signing is refused (409, naming PROC-2 when a price is above
its approval, else PROC-3). The chain is routed on the amount the contract's plans now commit
(``approval_amount``: the contracts made on them, this one included, plus what is left of their
lines at the approved prices, and never less than the contract itself), so the company leader's
step above the regulation's threshold cannot be avoided by pricing a plan low or by splitting
the excess over several contracts."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.approvals import services as approvals
from yunying.approvals.resolution import condition_holds
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, RuleViolation, ValidationFailed
from yunying.core.models import Employee
from yunying.core.money import company_currency, to_company_currency
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.sql import update_rows
from yunying.core.tx import transactional
from yunying.masterdata.models import Supplier
from yunying.policy import selectors as policy

from ..models import ContractLine, PurchaseContract, PurchasePlan, PurchasePlanLine
from ..selectors import COMMITTED_STATES

MANAGE = "procurement.manage_contract"
RECEIVE = "procurement.receive_goods"
FOLLOW_TASK = "procurement.follow_delivery"


@dataclass(frozen=True)
class ContractItem:
    plan_line: PurchasePlanLine
    quantity: Decimal
    unit_price: Decimal
    delivery_date: datetime.date


def _check_supplier(supplier: Supplier) -> None:
    if supplier.blocked:
        raise RuleViolation(
            _("%(supplier)s is blocked from new contracts: %(reason)s")
            % {"supplier": supplier.name, "reason": supplier.block_reason},
            clause="PROC-7",
            code="supplier_blocked",
            field="supplier",
        )
    if not supplier.active:
        raise ValidationFailed(
            _("%(supplier)s is not active.") % {"supplier": supplier.name}, field="supplier"
        )


def _validate_lines(lines: Sequence[ContractItem]) -> None:
    if not lines:
        raise ValidationFailed(_("A contract needs at least one line."), field="lines")
    if len({line.plan_line.pk for line in lines}) != len(lines):
        raise ValidationFailed(_("Each plan line appears once in a contract."), field="plan_line")
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.unit_price < 0:
            raise ValidationFailed(
                _("Line %(n)s: the price cannot be negative.") % {"n": number}, field="unit_price"
            )
        plan = line.plan_line.plan
        if plan.state != PurchasePlan.State.APPROVED:
            raise RuleViolation(
                _(
                    "Line %(n)s: plan %(plan)s is not approved; only approved plans reach "
                    "procurement."
                )
                % {"n": number, "plan": plan.number},
                clause="PROC-2",
                field="plan_line",
            )


@transactional
def create_contract(
    *,
    supplier: Supplier,
    lines: Sequence[ContractItem],
    actor: Employee,
    currency: str = "",
    note: str = "",
) -> PurchaseContract:
    """A draft contract from approved plan lines (PROC-3)."""
    access.require(actor, MANAGE)
    _check_supplier(supplier)
    _validate_lines(lines)
    currency = (currency or company_currency()).upper()
    rate = to_company_currency(Decimal("1"), currency)  # refuses a currency without a rate
    contract = PurchaseContract.objects.create(
        number=next_number(PurchaseContract.NUMBER_PREFIX),
        department=actor.department,
        created_by=actor,
        supplier=supplier,
        currency=currency,
        exchange_rate=rate,
        note=note,
    )
    ContractLine.objects.bulk_create(
        ContractLine(
            contract=contract,
            plan_line=line.plan_line,
            item=line.plan_line.item,
            quantity=line.quantity,
            unit_price=line.unit_price,
            delivery_date=line.delivery_date,
        )
        for line in lines
    )
    audit.record(
        actor=actor,
        action="procurement.create_contract",
        obj=contract,
        changes={
            "supplier": supplier.code,
            "currency": currency,
            "lines": [
                [ln.plan_line.pk, ln.quantity, ln.unit_price, ln.delivery_date] for ln in lines
            ],
        },
        clause="PROC-3",
    )
    return contract


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


def _check_leaders_step(contract: PurchaseContract, kinds: set[str], amount: Decimal) -> None:
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


def _awaiting_approval(contract: PurchaseContract) -> RuleViolation:
    clause = "PROC-2" if beyond_price(contract) else "PROC-3"
    return RuleViolation(
        _(
            "%(contract)s goes beyond what its plan was approved for and awaits approval; it is "
            "signed when the approval is through."
        )
        % {"contract": contract.number},
        clause=clause,
        code="awaiting_approval",
    )


@transactional
def sign_contract(
    *, contract: PurchaseContract, follower: Employee, actor: Employee
) -> PurchaseContract:
    """Sign the contract. Within what its plan lines were approved for (quantity and price) it
    is signed at once; beyond it, it goes to the approval of the chain in force first, routed on
    ``approval_amount`` (PROC-2, PROC-3), and is signed when approved. Signing a contract that
    awaits that approval is refused."""
    access.require(actor, MANAGE)
    if not follower.active or not access.has_perm(follower, RECEIVE):
        raise ValidationFailed(
            _(
                "The delivery is followed by an active employee who receives goods (an ops "
                "specialist)."
            ),
            field="follower",
            clause="PROC-4",
        )
    contract = PurchaseContract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    if contract.state == PurchaseContract.State.SUBMITTED:
        raise _awaiting_approval(contract)
    if contract.state not in PurchaseContract.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(contract)s is %(state)s.")
            % {"contract": contract.number, "state": contract.get_state_display()}
        )
    _check_supplier(Supplier.objects.get(pk=contract.supplier_id))
    _lock_plans(contract)  # what the plans commit is read under their locks (approval_amount)
    plan_lines = _lock_plan_lines(contract)
    for line in contract.lines.all():
        if plan_lines[line.plan_line_id].plan.state != PurchasePlan.State.APPROVED:
            raise RuleViolation(
                _("Plan %(plan)s is no longer open for contracts.")
                % {"plan": plan_lines[line.plan_line_id].plan.number},
                clause="PROC-2",
            )
    contract.follower = follower
    excess = beyond_plan(contract)
    above = beyond_price(contract)
    _commit_plan_quantities(contract, plan_lines, sign=+1)
    if excess or above:
        _check_leaders_step(
            contract, {line.plan.kind for line in plan_lines.values()}, approval_amount(contract)
        )
        states.transition(contract, "submit")
        contract.save(update_fields=["state", "follower", "updated_at"])
        audit.record(
            actor=actor,
            action="procurement.submit_contract",
            obj=contract,
            changes={
                "beyond_plan": [[ln.item_id, e] for ln, e in excess],
                "beyond_price": [
                    [ln.item_id, ln.unit_price_in_company_currency, ln.plan_line.estimated_price]
                    for ln in above
                ],
            },
            clause="PROC-2" if above else "PROC-3",
        )
        approvals.submit(document=contract, actor=actor)
    else:
        states.transition(contract, "sign")
        _signed(contract, actor)
    contract.refresh_from_db()
    return contract


def _lock_plans(contract: PurchaseContract) -> None:
    """Lock the plans the contract draws on, in primary-key order (after the contract, before
    their lines), so that two contracts on one plan are decided one after the other."""
    list(
        PurchasePlan.objects.select_for_update(no_key=True)
        .filter(pk__in=contract.lines.values("plan_line__plan_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _lock_plan_lines(contract: PurchaseContract) -> dict[int, PurchasePlanLine]:
    ids = sorted(set(contract.lines.values_list("plan_line_id", flat=True)))
    return {
        line.pk: line
        for line in PurchasePlanLine.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .select_related("plan")
        .order_by("pk")
    }


def _commit_plan_quantities(
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


def _signed(contract: PurchaseContract, actor: Employee) -> None:
    contract.signed_on = timezone.localdate()
    contract.save(update_fields=["state", "signed_on", "follower", "updated_at"])
    audit.record(
        actor=actor,
        action="procurement.sign_contract",
        obj=contract,
        changes={"follower": contract.follower.name if contract.follower else None},
        clause="PROC-4",
    )
    _notify_operations(contract)


def _notify_operations(contract: PurchaseContract) -> None:
    """PROC-4: the operations department hears of the contract; the follower gets a task."""
    url = f"/procurement/contracts/{contract.pk}/"
    title = _("Contract signed: %(contract)s with %(supplier)s") % {
        "contract": contract.number,
        "supplier": contract.supplier.name,
    }
    departments = {
        line.plan_line.plan.department_id
        for line in contract.lines.select_related("plan_line__plan")
    }
    heads = Employee.objects.filter(
        active=True, positions__is_head=True, positions__department_id__in=departments
    ).distinct()
    authors = Employee.objects.filter(pk__in=contract.lines.values("plan_line__plan__created_by"))
    inbox.notify([*heads, *authors], title=title, url=url)
    if contract.follower is not None:
        first_date = (
            contract.lines.order_by("delivery_date").values_list("delivery_date", flat=True).first()
        )
        inbox.open_task(
            assignee=contract.follower,
            kind=FOLLOW_TASK,
            title=_("Follow the delivery of %(contract)s (%(supplier)s)")
            % {"contract": contract.number, "supplier": contract.supplier.name},
            source=contract,
            url=url,
            clause="PROC-4",
            due_at=timezone.make_aware(datetime.datetime.combine(first_date, datetime.time(18)))
            if first_date
            else None,
        )


@transactional
def cancel_contract(
    *, contract: PurchaseContract, actor: Employee, reason: str
) -> PurchaseContract:
    access.require(actor, MANAGE)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    contract = PurchaseContract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    if contract.receipts.filter(state="posted").exists():
        raise InvalidTransition(
            _("Goods were received on this contract; cancel the receipts first.")
        )
    was_committed = contract.state == PurchaseContract.State.SIGNED
    states.transition(contract, "cancel")
    if was_committed:
        _commit_plan_quantities(contract, _lock_plan_lines(contract), sign=-1)
    contract.save(update_fields=["state", "updated_at"])
    inbox.close_tasks(kind=FOLLOW_TASK, source=contract)
    audit.record(
        actor=actor,
        action="procurement.cancel_contract",
        obj=contract,
        changes={"reason": reason},
        clause="PROC-3",
    )
    return contract


# Hooks of the approvals engine (a contract beyond what its plan was approved for).


def on_approved(contract: PurchaseContract, request: object, actor: Employee) -> None:
    states.transition(contract, "approve")
    _signed(contract, actor)


def _release(contract: PurchaseContract, verb: str) -> None:
    _commit_plan_quantities(contract, _lock_plan_lines(contract), sign=-1)
    states.transition(contract, verb)
    contract.save(update_fields=["state", "updated_at"])


def on_rejected(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "reject")


def on_returned(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "send_back")


def on_withdrawn(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "withdraw")
