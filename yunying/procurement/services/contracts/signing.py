"""Signing and cancelling a purchase contract (PROC-2, PROC-3, PROC-4), and the hooks of the
approvals engine for a contract beyond what its plan was approved for. Signing tells the
operations department and gives an ops specialist the delivery to follow."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.approvals import services as approvals
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, RuleViolation, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional
from yunying.masterdata.models import Supplier

from ...models import ContractLine, PurchaseContract, PurchasePlan, PurchasePlanLine
from .commitments import commit_plan_quantities, lock_plan_lines, lock_plans
from .common import MANAGE, RECEIVE
from .drafting import check_supplier
from .plan_check import approval_amount, beyond_plan, beyond_price, check_leaders_step
from .tasks import close_delivery_tasks, open_delivery_tasks


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


def _check_follower(follower: Employee) -> None:
    """PROC-4: the delivery is followed by an active employee who receives goods."""
    if not follower.active or not access.has_perm(follower, RECEIVE):
        raise ValidationFailed(
            _(
                "The delivery is followed by an active employee who receives goods (an ops "
                "specialist)."
            ),
            field="follower",
            clause="PROC-4",
        )


def _check_signable(contract: PurchaseContract) -> None:
    """A contract awaiting approval is signed by the approval; one past its draft is not signed."""
    if contract.state == PurchaseContract.State.SUBMITTED:
        raise _awaiting_approval(contract)
    if contract.state not in PurchaseContract.EDITABLE_STATES:
        raise InvalidTransition(
            _("%(contract)s is %(state)s.")
            % {"contract": contract.number, "state": contract.get_state_display()}
        )


def _check_plans_open(contract: PurchaseContract, plan_lines: dict[int, PurchasePlanLine]) -> None:
    for line in contract.lines.all():
        if plan_lines[line.plan_line_id].plan.state != PurchasePlan.State.APPROVED:
            raise RuleViolation(
                _("Plan %(plan)s is no longer open for contracts.")
                % {"plan": plan_lines[line.plan_line_id].plan.number},
                clause="PROC-2",
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
    _check_follower(follower)
    contract = PurchaseContract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    _check_signable(contract)
    check_supplier(Supplier.objects.get(pk=contract.supplier_id))
    lock_plans(contract)  # what the plans commit is read under their locks (approval_amount)
    plan_lines = lock_plan_lines(contract)
    _check_plans_open(contract, plan_lines)
    contract.follower = follower
    excess = beyond_plan(contract)
    above = beyond_price(contract)
    commit_plan_quantities(contract, plan_lines, sign=+1)
    if excess or above:
        _submit(contract, plan_lines, excess, above, actor)
    else:
        states.transition(contract, "sign")
        _signed(contract, actor)
    contract.refresh_from_db()
    return contract


def _submit(
    contract: PurchaseContract,
    plan_lines: dict[int, PurchasePlanLine],
    excess: list[tuple[ContractLine, Decimal]],
    above: list[ContractLine],
    actor: Employee,
) -> None:
    """Send a contract beyond its plan to the approval of the chain in force (PROC-2, PROC-3)."""
    check_leaders_step(
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
    """PROC-4: the operations department hears of the contract; the follower and the
    warehouse get a task."""
    url = f"/procurement/contracts/{contract.pk}/"
    title = Message(
        gettext_lazy("Contract signed: %(contract)s with %(supplier)s"),
        contract=contract.number,
        supplier=contract.supplier.name,
    )
    departments = {
        line.plan_line.plan.department_id
        for line in contract.lines.select_related("plan_line__plan")
    }
    heads = Employee.objects.filter(
        active=True, positions__is_head=True, positions__department_id__in=departments
    ).distinct()
    authors = Employee.objects.filter(pk__in=contract.lines.values("plan_line__plan__created_by"))
    inbox.notify([*heads, *authors], title=title, url=url, source=contract)
    first_date = (
        contract.lines.order_by("delivery_date").values_list("delivery_date", flat=True).first()
    )
    open_delivery_tasks(
        contract,
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
        commit_plan_quantities(contract, lock_plan_lines(contract), sign=-1)
    contract.save(update_fields=["state", "updated_at"])
    close_delivery_tasks(contract, by=actor)
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=contract, by=actor)
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
    commit_plan_quantities(contract, lock_plan_lines(contract), sign=-1)
    states.transition(contract, verb)
    contract.save(update_fields=["state", "updated_at"])


def on_rejected(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "reject")


def on_returned(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "send_back")


def on_withdrawn(contract: PurchaseContract, request: object, actor: Employee) -> None:
    _release(contract, "withdraw")
