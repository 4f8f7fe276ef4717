"""The procurement flow of seed 004 三(一), as the regulation reads (PROC-1 … PROC-7)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.stock import approved_plan, item, location, person, put_stock, signed_contract
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalRequest
from yunying.core.errors import NotAllowed, RuleViolation, ValidationFailed
from yunying.core.models import Notification, Task
from yunying.inventory import replenishment
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockLedgerEntry, StockPeriod
from yunying.masterdata.models import Supplier
from yunying.masterdata.services import records
from yunying.policy.models import Rule
from yunying.procurement import selectors
from yunying.procurement.models import GoodsReceipt, PurchaseContract, PurchasePlan
from yunying.procurement.services import contracts, plans, receipts

pytestmark = pytest.mark.django_db
NEEDED = timezone.localdate() + datetime.timedelta(days=30)


def _lines(contract: PurchaseContract) -> dict[str, object]:
    return {line.item.code: line for line in contract.lines.select_related("item")}


@pytest.mark.clause("PROC-1")
def test_the_supervisor_drafts_a_plan_with_lines_the_system_proposes() -> None:
    # Given an item below its safety stock, the proposal asks for it.
    put_stock("PV-M550", 50, cost=600)
    proposal = replenishment.for_items([item("PV-M550").pk])[item("PV-M550").pk]
    assert proposal.quantity > 0 and proposal.quantity % item("PV-M550").reorder_quantity == 0

    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="六月组件采购",
        needed_by=NEEDED,
        reason="华东项目备货",
        lines=[
            plans.PlanLine(
                item("PV-M550"),
                proposal.quantity,
                NEEDED,
                Decimal("620"),
                proposed_quantity=proposal.quantity,
            )
        ],
        actor=person("ops_supervisor"),
    )
    assert plan.number.startswith("PP-") and plan.state == "draft"
    line = plan.lines.get()
    assert line.proposed_quantity == proposal.quantity and line.amount == proposal.quantity * 620

    with pytest.raises(NotAllowed):
        plans.draft_plan(
            kind=PurchasePlan.Kind.PURCHASE,
            title="x",
            needed_by=NEEDED,
            lines=[plans.PlanLine(item("PV-M550"), Decimal(1), NEEDED)],
            actor=person("buyer"),
        )


@pytest.mark.clause("PROC-2")
def test_a_plan_reaches_procurement_only_after_the_department_manager_approves() -> None:
    supervisor, buyer = person("ops_supervisor"), person("buyer")
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="逆变器采购",
        needed_by=NEEDED,
        lines=[plans.PlanLine(item("INV-S10"), Decimal(20), NEEDED, Decimal("3200"))],
        actor=supervisor,
    )
    plan = plans.submit_plan(plan=plan, actor=supervisor)
    assert plan not in selectors.plans_visible_to(buyer)
    with pytest.raises(RuleViolation) as error:
        contracts.create_contract(
            supplier=Supplier.objects.get(code="S002"),
            lines=[contracts.ContractItem(plan.lines.get(), Decimal(20), Decimal(3100), NEEDED)],
            actor=buyer,
        )
    assert error.value.clause == "PROC-2"

    request = approvals_selectors.latest_request(plan)
    assert [a.approver.user.username for a in request.steps.get(index=0).assignments.all()] == [
        "ops_manager"
    ]
    assert request.steps.get(index=1).state == "skipped"  # 64,000 is below the leaders' threshold
    approvals.approve(request=request, actor=person("ops_manager"))
    plan.refresh_from_db()
    assert plan.state == "approved"
    assert plan in selectors.plans_visible_to(buyer)
    assert Notification.objects.filter(recipient=buyer, title__contains=plan.number).exists()


@pytest.mark.clause("PROC-2")
def test_a_rejected_plan_returns_to_its_author_with_the_reason() -> None:
    supervisor = person("ops_supervisor")
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="电缆采购",
        needed_by=NEEDED,
        lines=[plans.PlanLine(item("CBL-4"), Decimal(5000), NEEDED, Decimal("3.2"))],
        actor=supervisor,
    )
    plan = plans.submit_plan(plan=plan, actor=supervisor)
    approvals.reject(
        request=approvals_selectors.latest_request(plan),
        actor=person("ops_manager"),
        comment="库存充足，暂缓采购",
    )
    plan.refresh_from_db()
    assert plan.state == "rejected"
    note = Notification.objects.filter(recipient=supervisor, title__contains=plan.number).latest(
        "id"
    )
    assert "库存充足" in note.body
    plan = plans.revise_plan(plan=plan, actor=supervisor)
    assert plan.state == "draft"


@pytest.mark.clause("PROC-2")
def test_a_large_plan_also_needs_a_company_leader() -> None:
    supervisor = person("ops_supervisor")
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="大额组件采购",
        needed_by=NEEDED,
        lines=[plans.PlanLine(item("PV-M600"), Decimal(1000), NEEDED, Decimal("705"))],  # 705,000
        actor=supervisor,
    )
    plan = plans.submit_plan(plan=plan, actor=supervisor)
    request = approvals_selectors.latest_request(plan)
    approvals.approve(request=request, actor=person("ops_manager"))
    plan.refresh_from_db()
    assert plan.state == "submitted"  # not after the first signature: the leaders' step remains
    approvals.approve(request=request, actor=person("vp"))
    plan.refresh_from_db()
    assert plan.state == "approved"


def _required_steps(request: ApprovalRequest) -> dict[str, set[str]]:
    """The steps of an approval request that must be decided, with their approvers."""
    return {
        step.name_en: {a.approver.user.username for a in step.assignments.all()}
        for step in request.steps.exclude(state="skipped").order_by("index")
    }


LEADERS = "Approval by a company leader"
MANAGERS = "Joint approval by the procurement and operations managers"


@pytest.mark.clause("PROC-2")
def test_a_plan_line_without_a_price_is_priced_before_it_goes_to_approval() -> None:
    supervisor = person("ops_supervisor")
    # Given ten ground-mount brackets (standard cost 68,000) planned without a price.
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="地面电站支架采购",
        needed_by=NEEDED,
        lines=[plans.PlanLine(item("MNT-GR"), Decimal(10), NEEDED)],
        actor=supervisor,
    )
    # Then the line carries the item's standard cost, and the plan its real amount.
    assert plan.lines.get().estimated_price == Decimal(68000)
    assert plan.amount == Decimal(680000)

    # When it is submitted, the department manager alone cannot approve 680,000.
    plan = plans.submit_plan(plan=plan, actor=supervisor)
    request = approvals_selectors.latest_request(plan)
    assert request.amount == Decimal("680000.00")
    assert LEADERS in _required_steps(request)
    approvals.approve(request=request, actor=person("ops_manager"))
    plan.refresh_from_db()
    assert plan.state == "submitted"
    approvals.approve(request=request, actor=person("vp"))
    plan.refresh_from_db()
    assert plan.state == "approved"


@pytest.mark.clause("PROC-2")
def test_an_unpriced_line_takes_the_last_purchase_price_and_without_any_price_is_refused() -> None:
    supervisor = person("ops_supervisor")
    # Given inverters last bought at 3,050 (their standard cost is 3,200).
    signed_contract(approved_plan({"INV-S10": 10}, price=3100), price=3050)
    # When a plan asks for inverters without a price, it takes the last purchase price.
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.REPLENISHMENT,
        title="逆变器补货",
        needed_by=NEEDED,
        lines=[plans.PlanLine(item("INV-S10"), Decimal(20), NEEDED)],
        actor=supervisor,
    )
    assert plan.lines.get().estimated_price == Decimal(3050)

    # Given cable with neither a standard cost nor an earlier purchase, a line without a price
    # is refused, naming the field and the clause.
    cable = item("CBL-6")
    cable.standard_cost = Decimal(0)
    cable.save(update_fields=["standard_cost"])
    with pytest.raises(ValidationFailed) as error:
        plans.draft_plan(
            kind=PurchasePlan.Kind.PURCHASE,
            title="电缆采购",
            needed_by=NEEDED,
            lines=[plans.PlanLine(item("CBL-6"), Decimal(1000), NEEDED)],
            actor=supervisor,
        )
    assert (error.value.field, error.value.clause) == ("estimated_price", "PROC-2")
    with pytest.raises(ValidationFailed):
        plans.update_plan(
            plan=plan,
            title=plan.title,
            needed_by=NEEDED,
            lines=[plans.PlanLine(item("CBL-6"), Decimal(1000), NEEDED, Decimal(0))],
            actor=supervisor,
        )


@pytest.mark.clause("PROC-2")
def test_a_contract_above_what_its_plan_was_approved_for_waits_for_the_approval_of_its_amount() -> (
    None
):
    buyer, follower = person("buyer"), person("ops_specialist")
    # Given a plan for ten ground-mount brackets approved at a token price by the manager alone.
    plan = approved_plan({"MNT-GR": 10}, price=1)
    assert LEADERS not in _required_steps(approvals_selectors.latest_request(plan))

    # When procurement contracts them at 68,000 each (680,000) and signs.
    contract = signed_contract(plan, price=68000)

    # Then the contract is not signed: it waits for the approval the regulation sets for
    # 680,000, a company leader included.
    assert contract.state == "submitted" and contract.signed_on is None
    assert not Task.objects.filter(kind=contracts.FOLLOW_TASK, source_id=str(contract.pk)).exists()
    request = approvals_selectors.latest_request(contract)
    assert request.amount == Decimal("680000.00")
    assert _required_steps(request) == {
        MANAGERS: {"proc_manager", "ops_manager"},
        LEADERS: {"gm", "vp"},
    }
    # Signing again is refused until it is approved.
    with pytest.raises(RuleViolation) as error:
        contracts.sign_contract(contract=contract, follower=follower, actor=buyer)
    assert error.value.clause == "PROC-2"

    # The managers' joint approval is not enough; the leader's signs it.
    for manager in ("proc_manager", "ops_manager"):
        approvals.approve(request=request, actor=person(manager))
    contract.refresh_from_db()
    assert contract.state == "submitted"
    approvals.approve(request=request, actor=person("vp"))
    contract.refresh_from_db()
    assert contract.state == "signed" and contract.signed_on is not None
    assert Task.objects.filter(
        kind=contracts.FOLLOW_TASK, assignee=follower, source_id=str(contract.pk)
    ).exists()


@pytest.mark.clause("PROC-2")
def test_a_contract_chain_without_the_leaders_step_cannot_let_such_a_contract_through() -> None:
    # Given regulations in force whose chain for contracts beyond their plan has no company
    # leader's step (as they were before the step was added).
    rule = Rule.objects.get(
        key="approval.procurement.purchase_contract", version__state="published"
    )
    rule.value = {"steps": rule.value["steps"][:1]}
    rule.save(update_fields=["value"])
    plan = approved_plan({"MNT-GR": 10}, price=1)

    # When procurement contracts 680,000 on a plan approved at a token price and signs.
    with pytest.raises(RuleViolation) as error:
        signed_contract(plan, price=68000)

    # Then signing is refused, naming PROC-2; nothing is committed on the plan.
    assert (error.value.clause, error.value.code) == ("PROC-2", "chain_without_leader")
    assert PurchaseContract.objects.get().state == "draft"
    assert plan.lines.get().contracted_quantity == 0
    # Below the leaders' threshold the managers' approval is the one the regulation sets.
    assert signed_contract(plan, price=40000).state == "submitted"


@pytest.mark.clause("PROC-2")
def test_the_approval_follows_what_the_plan_commits_so_splitting_does_not_avoid_the_leader() -> (
    None
):
    # Given ten brackets approved at 45,000 each (450,000: the manager alone).
    plan = approved_plan({"MNT-GR": 10}, price=45000)
    # At or below the approved price, within the plan, a contract is signed at once.
    assert signed_contract(plan, quantities={"MNT-GR": 1}, price=44000).state == "signed"

    # When four more are contracted at 50,000, the plan stands at 44,000 + 200,000 + 5 × 45,000
    # = 469,000: the managers approve it.
    first = signed_contract(plan, quantities={"MNT-GR": 4}, price=50000)
    assert first.state == "submitted"
    request = approvals_selectors.latest_request(first)
    assert request.amount == Decimal("469000.00") and LEADERS not in _required_steps(request)
    for manager in ("proc_manager", "ops_manager"):
        approvals.approve(request=request, actor=person(manager))
    first.refresh_from_db()
    assert first.state == "signed"

    # And the last five at 56,000 bring it to 524,000, above the leaders' threshold, although
    # this contract alone is 280,000.
    second = signed_contract(plan, quantities={"MNT-GR": 5}, price=56000)
    request = approvals_selectors.latest_request(second)
    assert second.state == "submitted" and request.amount == Decimal("524000.00")
    assert _required_steps(request)[LEADERS] == {"gm", "vp"}


@pytest.mark.clause("PROC-3")
def test_contract_lines_trace_to_plan_lines_and_cannot_exceed_them_without_approval() -> None:
    plan = approved_plan({"PV-M550": 100})
    within = signed_contract(plan, quantities={"PV-M550": 60})
    assert within.state == "signed"
    assert within.lines.get().plan_line == plan.lines.get()
    assert plan.lines.get().contracted_quantity == 60

    # 60 of 100 are contracted; another 60 goes beyond the plan and needs a new approval.
    beyond = signed_contract(plan, quantities={"PV-M550": 60}, supplier="S001")
    assert beyond.state == "submitted"
    request = approvals_selectors.latest_request(beyond)
    assert request.clause == "PROC-3"
    step = request.steps.get(index=0)
    assert step.mode == "all"
    assert request.steps.get(index=1).state == "skipped"  # 12,000: no company leader
    assert {a.approver.user.username for a in step.assignments.all()} == {
        "proc_manager",
        "ops_manager",
    }
    approvals.approve(request=request, actor=person("proc_manager"))
    beyond.refresh_from_db()
    assert beyond.state == "submitted"  # 会签: both must sign
    approvals.approve(request=request, actor=person("ops_manager"))
    beyond.refresh_from_db()
    assert beyond.state == "signed"


@pytest.mark.clause("PROC-3")
def test_a_rejected_excess_gives_the_plan_quantity_back() -> None:
    plan = approved_plan({"PV-M550": 100})
    beyond = signed_contract(plan, quantities={"PV-M550": 150})
    assert beyond.state == "submitted" and plan.lines.get().contracted_quantity == 150
    approvals.reject(
        request=approvals_selectors.latest_request(beyond),
        actor=person("ops_manager"),
        comment="超出计划",
    )
    beyond.refresh_from_db()
    assert beyond.state == "returned"
    assert plan.lines.get().contracted_quantity == 0


@pytest.mark.clause("PROC-4")
def test_signing_notifies_operations_and_assigns_a_specialist_to_follow_delivery() -> None:
    plan = approved_plan({"INV-S10": 10})
    contract = signed_contract(plan)
    assert Notification.objects.filter(
        recipient=person("ops_manager"), title__contains=contract.number
    ).exists()
    assert Notification.objects.filter(
        recipient=person("ops_supervisor"), title__contains=contract.number
    ).exists()
    task = Task.objects.get(
        kind=contracts.FOLLOW_TASK, assignee=person("ops_specialist"), source_id=str(contract.pk)
    )
    assert task.clause == "PROC-4" and task.state == "open"


@pytest.mark.clause("PROC-4")
def test_overdue_deliveries_are_flagged_to_the_follower(capsys) -> None:
    plan = approved_plan({"JB-IP68": 500})
    contract = signed_contract(plan, days=-3)  # promised three days ago
    call_command("checks", "run", "procurement.overdue_deliveries")
    assert contract.number in capsys.readouterr().out
    task = Task.objects.get(
        kind="procurement.overdue_delivery", assignee=person("ops_specialist"), state="open"
    )
    assert task.clause == "PROC-4"
    line = contract.lines.get()
    receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(500), Decimal(500))],
        actor=person("ops_specialist"),
    )
    task.refresh_from_db()
    assert task.state == "done"
    assert not selectors.overdue_lines().exists()


@pytest.mark.clause("PROC-5")
def test_a_receipt_records_received_accepted_and_rejected_with_reason() -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()
    with pytest.raises(ValidationFailed) as error:
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(10), Decimal(8), Decimal(2))],
            actor=person("ops_specialist"),
        )
    assert error.value.field == "reason"
    with pytest.raises(ValidationFailed):
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(10), Decimal(9), Decimal(2), "破损")],
            actor=person("ops_specialist"),
        )
    receipt = receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(line, Decimal(10), Decimal(8), Decimal(2), "边框变形")],
        actor=person("ops_specialist"),
    )
    row = receipt.lines.get()
    assert (row.received_quantity, row.accepted_quantity, row.rejected_quantity) == (10, 8, 2)
    assert row.reject_reason == "边框变形" and row.return_state == "pending"


@pytest.mark.clause("PROC-5")
def test_receiving_more_than_the_contract_still_owes_is_refused() -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()
    with pytest.raises(RuleViolation) as error:
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(101), Decimal(101))],
            actor=person("ops_specialist"),
        )
    assert error.value.clause == "PROC-5"
    assert not GoodsReceipt.objects.filter(contract=contract).exists()
    assert stock.available(item("PV-M550").pk) == 0


@pytest.mark.clause("PROC-5")
def test_a_delivery_beyond_the_contract_is_refused_at_the_door_even_when_most_is_rejected() -> None:
    specialist = person("ops_specialist")
    # Given a signed contract for 100 modules.
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()

    # When 500 arrive and the specialist would accept 100 and reject 400.
    with pytest.raises(RuleViolation) as error:
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[
                receipts.Inspection(line, Decimal(500), Decimal(100), Decimal(400), "超出合同数量")
            ],
            actor=specialist,
        )
    # Then the delivery is refused, naming the received quantity and the clause; nothing is
    # recorded.
    assert (error.value.clause, error.value.field) == ("PROC-5", "received")
    assert not GoodsReceipt.objects.filter(contract=contract).exists()
    line.refresh_from_db()
    assert line.received_quantity == 0 and stock.available(item("PV-M550").pk) == 0

    # Within what is open, a delivery is inspected; the rejected part is still owed …
    receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(line, Decimal(100), Decimal(90), Decimal(10), "隐裂")],
        actor=specialist,
    )
    line.refresh_from_db()
    assert line.open_quantity == 10
    # … and the replacement is received up to that, however much of it is rejected.
    with pytest.raises(RuleViolation) as error:
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(20), Decimal(10), Decimal(10), "破损")],
            actor=specialist,
        )
    assert (error.value.clause, error.value.field) == ("PROC-5", "received")
    receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(line, Decimal(10), Decimal(10))],
        actor=specialist,
    )
    contract.refresh_from_db()
    assert contract.state == "received" and stock.available(item("PV-M550").pk) == 100


@pytest.mark.clause("PROC-6")
def test_only_accepted_quantity_enters_stock_in_the_same_transaction() -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}, price=600), price=600)
    line = contract.lines.get()
    receipt = receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(line, Decimal(100), Decimal(90), Decimal(10), "隐裂")],
        actor=person("ops_specialist"),
    )
    entries = StockLedgerEntry.objects.filter(
        source_type="procurement.goodsreceipt", source_id=receipt.pk
    )
    assert [(e.quantity, e.unit_cost) for e in entries] == [(90, 600)]
    assert stock.available(item("PV-M550").pk) == 90

    # When the posting cannot happen (a closed period), the receipt does not exist either.
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    StockPeriod.objects.create(
        year=last_month.year,
        month=last_month.month,
        closed_at=timezone.now(),
        closed_by=person("log_manager"),
    )
    with pytest.raises(RuleViolation):
        receipts.receive_goods(
            contract=contract,
            location=location(),
            inspections=[receipts.Inspection(line, Decimal(5), Decimal(5))],
            actor=person("ops_specialist"),
            received_on=last_month,
        )
    line.refresh_from_db()
    assert (
        line.received_quantity == 100
        and GoodsReceipt.objects.filter(contract=contract).count() == 1
    )


@pytest.mark.clause("PROC-6")
def test_cancelling_a_receipt_posts_the_reversal() -> None:
    contract = signed_contract(approved_plan({"INV-S10": 10}, price=3000), price=3000)
    receipt = receipts.receive_goods(
        contract=contract,
        location=location(),
        inspections=[receipts.Inspection(contract.lines.get(), Decimal(10), Decimal(10))],
        actor=person("ops_specialist"),
    )
    receipts.cancel_receipt(receipt=receipt, actor=person("ops_specialist"), reason="录错合同")
    assert stock.available(item("INV-S10").pk) == 0
    entries = StockLedgerEntry.objects.filter(
        source_id=receipt.pk, source_type="procurement.goodsreceipt"
    )
    assert sorted(e.quantity for e in entries) == [-10, 10]
    contract.refresh_from_db()
    assert contract.state == "signed" and contract.lines.get().open_quantity == 10
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("PROC-7")
def test_suppliers_are_evaluated_from_their_receipts_and_a_blocked_one_gets_no_contract() -> None:
    on_time = signed_contract(approved_plan({"PV-M550": 100}, price=600), price=600, days=5)
    late = signed_contract(approved_plan({"PV-M600": 50}, price=700), price=700, days=-2)
    receipts.receive_goods(
        contract=on_time,
        location=location(),
        inspections=[
            receipts.Inspection(on_time.lines.get(), Decimal(100), Decimal(90), Decimal(10), "隐裂")
        ],
        actor=person("ops_specialist"),
    )
    receipts.receive_goods(
        contract=late,
        location=location(),
        inspections=[receipts.Inspection(late.lines.get(), Decimal(50), Decimal(50))],
        actor=person("ops_specialist"),
    )
    evaluation = selectors.evaluate_supplier(Supplier.objects.get(code="S001"))
    assert evaluation.receipts == 2 and evaluation.on_time_rate == 50.0
    assert evaluation.acceptance_rate == pytest.approx(93.3, abs=0.1)  # 140 of 150
    assert set(evaluation.price_trend) == {"PV-M550", "PV-M600"}

    blocked = Supplier.objects.get(code="S005")
    plan = approved_plan({"MC4-P": 1000})
    with pytest.raises(RuleViolation) as error:
        contracts.create_contract(
            supplier=blocked,
            lines=[contracts.ContractItem(plan.lines.get(), Decimal(1000), Decimal("3.4"), NEEDED)],
            actor=person("buyer"),
        )
    assert error.value.clause == "PROC-7"

    # Blocking a supplier after a draft contract stops the signature too.
    draft = contracts.create_contract(
        supplier=Supplier.objects.get(code="S002"),
        lines=[contracts.ContractItem(plan.lines.get(), Decimal(1000), Decimal("3.4"), NEEDED)],
        actor=person("buyer"),
    )
    records.set_supplier_blocked(
        supplier=Supplier.objects.get(code="S002"),
        blocked=True,
        reason="质量问题",
        actor=person("proc_manager"),
    )
    with pytest.raises(RuleViolation):
        contracts.sign_contract(
            contract=draft, follower=person("ops_specialist"), actor=person("buyer")
        )
