"""Each step that leaves work for someone opens a task for it, and the service that does the
work closes it in the same unit of work: a returned document for its author, an approved plan
for procurement, a signed contract for the warehouse, a delivery's receivable for finance."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests.sales_steps import confirmed_order, customer, ship_and_deliver
from tests.stock import approved_plan, location, person, put_stock, signed_contract
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core import selectors
from yunying.core.messages import Message
from yunying.core.models import Notification, Task
from yunying.core.services import inbox
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import plans, receipts
from yunying.procurement.services.contracts import cancel_contract
from yunying.procurement.services.contracts.common import CONTRACT_TASK, RECEIVE_TASK
from yunying.sales.models import Receivable
from yunying.sales.services import settlement

pytestmark = pytest.mark.django_db


def _tasks(kind: str, source: Any) -> Any:
    return Task.objects.filter(
        kind=kind, source_type=f"{source._meta.app_label}.{source._meta.model_name}"
    ).filter(source_id=str(source.pk))


def _open_for(username: str, kind: str) -> list[Task]:
    return [t for t in selectors.open_tasks(person(username)) if t.kind == kind]


def _returned_plan() -> PurchasePlan:
    needed = timezone.localdate() + datetime.timedelta(days=30)
    from tests.stock import item

    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="退回的计划",
        needed_by=needed,
        lines=[plans.PlanLine(item("PV-M550"), Decimal(5), needed, Decimal(100))],
        actor=person("ops_supervisor"),
    )
    plan = plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    request = approvals_selectors.latest_request(plans.as_document(plan))
    approver = request.steps.get(index=request.current_step).assignments.first().approver
    approvals.return_for_changes(request=request, actor=approver, comment="补充供应商报价")
    plan.refresh_from_db()
    assert plan.state == PurchasePlan.State.RETURNED
    return plan


def test_a_returned_document_is_a_task_for_its_author_until_it_is_resubmitted() -> None:
    plan = _returned_plan()
    (task,) = _tasks(inbox.REVISE_TASK, plan)
    assert task.state == "open" and task.assignee == person("ops_supervisor")
    assert task.body == "补充供应商报价" and task.texts["title"]["en"].startswith("Revise and")
    news = Notification.objects.get(
        recipient=person("ops_supervisor"),
        source_type="procurement.purchaseplan",
        source_id=plan.pk,
    )
    assert news.read_at is None

    plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    task.refresh_from_db()
    news.refresh_from_db()
    assert task.state == "done" and task.closed_by == person("ops_supervisor")
    assert news.read_at is not None  # the news of the return is read with its task


def test_a_returned_document_that_is_cancelled_closes_its_task() -> None:
    plan = _returned_plan()
    plans.cancel_plan(plan=plan, actor=person("ops_supervisor"))
    assert list(_tasks(inbox.REVISE_TASK, plan).values_list("state", flat=True)) == ["done"]


def test_an_approved_plan_is_procurements_task_until_contracts_cover_it() -> None:
    plan = approved_plan({"PV-M550": 100})
    (task,) = _tasks(CONTRACT_TASK, plan)
    assert task.department is not None and task.assignee is None
    assert task in _open_for("buyer", CONTRACT_TASK) and task in _open_for(
        "proc_manager", CONTRACT_TASK
    )
    assert not _open_for("accountant", CONTRACT_TASK)

    signed_contract(plan, quantities={"PV-M550": 40})
    task.refresh_from_db()
    assert task.state == "open"  # 60 of PV-M550 are not contracted yet
    rest = signed_contract(plan, quantities={"PV-M550": 60})
    task.refresh_from_db()
    assert task.state == "done" and rest.state == "signed"
    news = Notification.objects.get(
        recipient=person("buyer"), source_type="procurement.purchaseplan", source_id=plan.pk
    )
    assert news.read_at is not None

    cancel_contract(contract=rest, actor=person("buyer"), reason="供应商无法供货")
    (reopened,) = _tasks(CONTRACT_TASK, plan).filter(state="open")
    plans.close_plan(plan=plan, actor=person("buyer"))
    reopened.refresh_from_db()
    assert reopened.state == "done" and reopened.closed_by == person("buyer")


def test_a_signed_contract_is_the_warehouses_task_until_it_is_received() -> None:
    plan = approved_plan({"PV-M550": 10})
    contract = signed_contract(plan)
    # one task for each department that receives goods: the warehouse among them
    (task,) = _open_for("warehouse_keeper", RECEIVE_TASK)
    assert task.department == person("warehouse_keeper").department
    assert task.source_id == str(contract.pk)
    assert task.due_at is not None and "Receive the goods of" in task.texts["title"]["en"]
    line = contract.lines.get()
    receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(4), Decimal(4))],
        actor=person("warehouse_keeper"),
    )
    task.refresh_from_db()
    assert task.state == "open"
    receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(6), Decimal(6))],
        actor=person("warehouse_keeper"),
    )
    task.refresh_from_db()
    assert task.state == "done" and task.closed_by == person("warehouse_keeper")
    assert not _tasks(RECEIVE_TASK, contract).filter(state="open").exists()
    assert not _tasks("procurement.follow_delivery", contract).filter(state="open").exists()


def test_a_cancelled_contract_closes_the_warehouses_task() -> None:
    contract = signed_contract(approved_plan({"PV-M550": 10}))
    cancel_contract(contract=contract, actor=person("buyer"), reason="不再需要")
    assert _tasks(RECEIVE_TASK, contract).exists()
    assert set(_tasks(RECEIVE_TASK, contract).values_list("state", flat=True)) == {"done"}


def test_a_delivered_order_is_finances_task_until_it_is_paid() -> None:
    put_stock("MC4-P", 50, cost=3)
    order = confirmed_order("C002", {"MC4-P": (5, 20)})
    delivery = ship_and_deliver(order)
    receivable = Receivable.objects.get(delivery=delivery)
    (task,) = _tasks(settlement.COLLECT_TASK, receivable)
    assert task in _open_for("accountant", settlement.COLLECT_TASK)
    assert task.texts["title"]["en"].startswith("Collect 100.00 from ")

    settlement.record_payment(
        customer=customer("C002"),
        amount=Decimal("40"),
        received_on=timezone.localdate(),
        actor=person("accountant"),
        allocations=[(receivable, Decimal("40"))],
    )
    task.refresh_from_db()
    assert task.state == "open"
    settlement.record_payment(
        customer=customer("C002"),
        amount=Decimal("60"),
        received_on=timezone.localdate(),
        actor=person("accountant"),
        allocations=[(receivable, Decimal("60"))],
    )
    task.refresh_from_db()
    assert task.state == "done" and task.closed_by == person("accountant")


def test_a_department_task_keeps_every_rendering() -> None:
    plan = approved_plan({"PV-M550": 3})
    inbox.open_department_task(
        permission="procurement.manage_contract",
        kind="tests.department",
        title=Message(gettext_lazy("Contract the approved plan %(plan)s"), plan=str(plan)),
        source=plan,
    )
    task = _tasks("tests.department", plan).first()
    assert task is not None
    assert task.texts["title"]["en"] == f"Contract the approved plan {plan}"
    assert task.title == task.texts["title"]["zh-hans"]


def test_an_approved_issue_the_stock_did_not_cover_is_a_task_until_it_is_posted() -> None:
    from tests.stock import approve_every_step, item, take_stock
    from yunying.inventory.services import issues

    put_stock("PV-M550", 20, cost=620)
    issue = issues.draft_issue(
        lines=[issues.IssueLine(item("PV-M550"), location(), Decimal(15))],
        reason="车间试制",
        purpose="production",
        actor=person("warehouse_keeper"),
        submit=True,
    )
    take_stock("PV-M550", 10)
    approve_every_step(issue)
    (task,) = _tasks(issues.POST_TASK, issue)
    assert task.assignee == person("warehouse_keeper") and task.state == "open"
    news = Notification.objects.filter(
        source_type="inventory.materialissue", source_id=issue.pk, recipient=task.assignee
    )
    assert news.filter(read_at=None).exists()
    put_stock("PV-M550", 5, cost=620)
    issues.post_issue(issue=issue, actor=person("warehouse_keeper"))
    task.refresh_from_db()
    assert task.state == "done" and not news.filter(read_at=None).exists()


def test_rejected_goods_are_a_task_until_they_went_back_to_the_supplier() -> None:
    contract = signed_contract(approved_plan({"PV-M550": 10}))
    line = contract.lines.get()
    receipt = receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(10), Decimal(8), Decimal(2), "隐裂")],
        actor=person("warehouse_keeper"),
    )
    (task,) = _tasks(receipts.SEND_BACK_TASK, receipt)
    assert task.assignee == person("warehouse_keeper") and task.state == "open"
    receipts.mark_returned(line=receipt.lines.get(), actor=person("warehouse_keeper"))
    task.refresh_from_db()
    assert task.state == "done"


def test_a_department_task_closed_in_a_batch_reads_the_news_of_its_department() -> None:
    from yunying.sales.services import deliveries

    put_stock("MC4-P", 50, cost=3)
    order = confirmed_order("C002", {"MC4-P": (2, 20)})
    delivery = order.deliveries.get(state="notice")
    clerk, accountant = person("logistics_clerk"), person("accountant")
    theirs, other = (
        inbox.notify([clerk], title="Ship it today", source=delivery)[0],
        inbox.notify([accountant], title="It ships today", source=delivery)[0],
    )
    deliveries.ship(delivery=delivery, carrier="顺丰物流", tracking_number="SF9", actor=clerk)
    theirs.refresh_from_db()
    other.refresh_from_db()
    assert theirs.read_at is not None and other.read_at is None
