"""The sales flow of seed 004 三(三) and the regional duties of seed 000 (SALES-1 … SALES-8)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.sales_steps import confirmed_order, customer, draft_order, ship_and_deliver
from tests.stock import item, location, person, put_stock
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core import selectors as core_selectors
from yunying.core.errors import (
    InsufficientStock,
    InvalidTransition,
    RuleViolation,
    ValidationFailed,
)
from yunying.core.models import Task
from yunying.inventory import replenishment
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.models import Region
from yunying.sales.models import Delivery, Receivable, SalesOrder, SalesTarget
from yunying.sales.selectors.ageing import ageing
from yunying.sales.selectors.deliveries import delivered_late
from yunying.sales.selectors.scope import deliveries_visible_to
from yunying.sales.selectors.statistics import sales_by
from yunying.sales.selectors.targets import achievement, target_tree
from yunying.sales.services import deliveries, orders, settlement, targets

pytestmark = pytest.mark.django_db


@pytest.mark.clause("SALES-1")
def test_an_order_is_entered_as_draft_validated_and_confirmed_with_stock_reserved() -> None:
    put_stock("PV-M550", 500, cost=620)
    order = draft_order("C001", {"PV-M550": (200, 780)})
    assert order.state == "draft" and order.amount == Decimal("156000")
    assert stock.available(item("PV-M550").pk) == 500  # a draft reserves nothing
    order = orders.confirm_order(order=order, actor=person("ops_specialist"))
    assert order.state == "confirmed" and order.confirmed_by == person("ops_specialist")
    assert stock.available(item("PV-M550").pk) == 300
    assert order.lines.get().reserved_quantity == 200

    with pytest.raises(ValidationFailed) as error:
        draft_order("C001", {"PV-M550": (10, 0)})
    assert error.value.field == "unit_price"
    with pytest.raises(ValidationFailed):
        draft_order("C001", {"PV-M550": (10, 780)}, days=-1)


@pytest.mark.clause("SALES-1")
def test_confirmation_is_refused_without_stock_unless_the_line_allows_a_backorder() -> None:
    put_stock("INV-S10", 5, cost=3200)
    order = draft_order("C001", {"INV-S10": (8, 4200)})
    with pytest.raises(InsufficientStock) as error:
        orders.confirm_order(order=order, actor=person("ops_specialist"))
    assert "5" in str(error.value) and "8" in str(error.value)
    order.refresh_from_db()
    assert order.state == "draft" and stock.available(item("INV-S10").pk) == 5

    backorder = confirmed_order("C001", {"INV-S10": (8, 4200)}, backorder=True)
    assert backorder.state == "confirmed"
    assert backorder.lines.get().reserved_quantity == 5
    assert stock.available(item("INV-S10").pk) == 0


@pytest.mark.clause("SALES-1")
def test_cancelling_releases_the_reservation() -> None:
    put_stock("JB-IP68", 1000, cost=28)
    order = confirmed_order("C004", {"JB-IP68": (600, 45)})
    assert stock.available(item("JB-IP68").pk) == 400
    order = orders.cancel_order(order=order, actor=person("ops_specialist"), reason="客户取消")
    assert order.state == "cancelled" and stock.available(item("JB-IP68").pk) == 1000
    assert not order.deliveries.filter(state="notice").exists()


@pytest.mark.clause("SALES-2")
def test_a_confirmed_order_sends_a_delivery_notice_to_logistics_and_allows_partial_deliveries() -> (
    None
):
    put_stock("MC4-P", 3000, cost=3)
    order = confirmed_order("C002", {"MC4-P": (2000, 6)})
    notice = order.deliveries.get()
    assert notice.state == "notice" and notice.lines.get().quantity == 2000
    # One task, addressed to the logistics department: everyone there sees it.
    task = Task.objects.get(kind="sales.ship", state="open", source_id=str(notice.pk))
    assert task.assignee is None and task.department.code == "LOG"
    for username in ("log_manager", "warehouse_keeper", "logistics_clerk"):
        assert task in core_selectors.open_tasks(person(username))
    assert task not in core_selectors.open_tasks(person("ops_specialist"))
    # Whoever ships it closes it for all of them.
    deliveries.ship(
        delivery=notice, carrier="顺丰", tracking_number="SF1", actor=person("warehouse_keeper")
    )
    task.refresh_from_db()
    assert task.state == "done" and task.closed_by == person("warehouse_keeper")
    assert task not in core_selectors.open_tasks(person("logistics_clerk"))

    # Split it: a second notice for part of the order is refused while the first covers it all …
    with pytest.raises(ValidationFailed):
        deliveries.create_notice(
            order=order, quantities={order.lines.get(): Decimal(1)}, actor=person("ops_specialist")
        )


@pytest.mark.clause("SALES-2")
def test_a_backorder_is_delivered_in_parts_as_stock_arrives() -> None:
    put_stock("INV-S50", 3, cost=9800)
    order = confirmed_order("C003", {"INV-S50": (5, 12800)}, backorder=True)
    first = order.deliveries.get()
    assert first.lines.get().quantity == 3
    deliveries.ship(
        delivery=first, carrier="德邦", tracking_number="DB001", actor=person("logistics_clerk")
    )
    put_stock("INV-S50", 2, cost=9900)
    second = deliveries.create_notice(
        order=order, quantities={order.lines.get(): Decimal(2)}, actor=person("ops_specialist")
    )
    deliveries.ship(
        delivery=second, carrier="德邦", tracking_number="DB002", actor=person("logistics_clerk")
    )
    line = order.lines.get()
    assert line.shipped_quantity == 5 and stock.available(item("INV-S50").pk) == 0


@pytest.mark.clause("SALES-3")
def test_shipping_records_carrier_and_tracking_and_issues_stock_at_average_cost() -> None:
    put_stock("INV-S10", 10, cost=3000)
    put_stock("INV-S10", 10, cost=3400)
    order = confirmed_order("C007", {"INV-S10": (4, 4200)})
    delivery = order.deliveries.get()
    with pytest.raises(ValidationFailed) as error:
        deliveries.ship(
            delivery=delivery, carrier="顺丰", tracking_number="", actor=person("logistics_clerk")
        )
    assert error.value.field == "tracking_number"
    delivery = deliveries.ship(
        delivery=delivery, carrier="顺丰", tracking_number="SF100", actor=person("logistics_clerk")
    )
    entry = StockLedgerEntry.objects.get(source_type="sales.delivery", source_id=delivery.pk)
    assert entry.kind == "shipment" and entry.quantity == -4 and entry.unit_cost == 3200
    assert stock.ledger_mismatches() == []
    delivery = deliveries.mark_delivered(delivery=delivery, actor=person("logistics_clerk"))
    assert delivery.state == "delivered" and delivery.delivered_at is not None
    with pytest.raises(InvalidTransition):
        deliveries.ship(
            delivery=delivery,
            carrier="顺丰",
            tracking_number="SF101",
            actor=person("logistics_clerk"),
        )


@pytest.mark.clause("SALES-3")
def test_deliveries_later_than_promised_are_flagged(capsys) -> None:
    put_stock("CBL-4", 5000, cost=3)
    order = confirmed_order("C005", {"CBL-4": (1000, 5)}, days=0)
    SalesOrder.objects.filter(pk=order.pk).update(
        promised_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    call_command("checks", "run", "sales.late_deliveries")
    assert order.deliveries.get().number in capsys.readouterr().out
    task = Task.objects.get(kind="sales.late_delivery", state="open")
    assert task.assignee == person("ops_specialist") and task.clause == "SALES-3"
    ship_and_deliver(order)
    task.refresh_from_db()
    assert task.state == "done"
    assert delivered_late(Delivery.objects.select_related("order").get(order=order))


@pytest.mark.clause("SALES-4")
def test_a_receipt_problem_and_a_return_posting_stock_back_and_reducing_the_receivable() -> None:
    put_stock("PV-M600", 100, cost=700)
    order = confirmed_order("C001", {"PV-M600": (50, 880)})
    delivery = ship_and_deliver(order)
    follow = Task.objects.get(kind="sales.follow_receipt", state="open")
    assert follow.assignee == person("ops_specialist")

    line = delivery.lines.get()
    problem = deliveries.report_problem(
        delivery=delivery,
        kind="damaged",
        description="两块组件玻璃破裂",
        line=line,
        quantity=Decimal(2),
        actor=person("ops_specialist"),
    )
    follow.refresh_from_db()
    assert follow.state == "done"
    customer_return = deliveries.return_goods(
        delivery=delivery,
        quantities={line: Decimal(2)},
        location=location("RET"),
        reason="运输破损退回",
        problem=problem,
        actor=person("ops_specialist"),
    )
    entry = StockLedgerEntry.objects.get(
        source_type="sales.customerreturn", source_id=customer_return.pk
    )
    assert entry.quantity == 2 and entry.unit_cost == 700 and entry.location == location("RET")
    receivable = Receivable.objects.get(delivery=delivery)
    assert receivable.amount == Decimal("44000") and receivable.credited == Decimal("1760")
    assert receivable.outstanding == Decimal("42240")
    deliveries.resolve_problem(
        problem=problem, resolution="已退货并冲减应收", actor=person("ops_specialist")
    )
    with pytest.raises(ValidationFailed):
        deliveries.return_goods(
            delivery=delivery,
            quantities={line: Decimal(49)},
            location=location("RET"),
            reason="再退",
            actor=person("ops_specialist"),
        )


@pytest.mark.clause("SALES-4")
def test_the_customer_confirms_receipt() -> None:
    put_stock("JB-IP68", 100, cost=28)
    delivery = ship_and_deliver(confirmed_order("C004", {"JB-IP68": (100, 45)}))
    delivery = deliveries.confirm_receipt(
        delivery=delivery, actor=person("ops_specialist"), note="客户已签收"
    )
    assert delivery.receipt_confirmed_at is not None
    assert not Task.objects.filter(kind="sales.follow_receipt", state="open").exists()


@pytest.mark.clause("SALES-5")
def test_a_delivered_order_raises_a_receivable_and_closes_when_settled() -> None:
    put_stock("INV-M2", 50, cost=980)
    order = confirmed_order("C006", {"INV-M2": (20, 1350)})
    delivery = ship_and_deliver(order)
    receivable = Receivable.objects.get(delivery=delivery)
    assert receivable.amount == Decimal("27000")
    assert receivable.due_date == timezone.localdate() + datetime.timedelta(
        days=customer("C006").payment_terms_days
    )
    order.refresh_from_db()
    assert order.state == "delivered"

    finance = person("accountant")
    settlement.record_payment(
        customer=customer("C006"),
        amount=Decimal("10000"),
        received_on=timezone.localdate(),
        actor=finance,
    )
    receivable.refresh_from_db()
    assert receivable.state == "partial" and receivable.outstanding == Decimal("17000")
    with pytest.raises(ValidationFailed):
        settlement.record_payment(
            customer=customer("C006"),
            amount=Decimal("20000"),
            received_on=timezone.localdate(),
            actor=finance,
        )
    settlement.record_payment(
        customer=customer("C006"),
        amount=Decimal("17000"),
        received_on=timezone.localdate(),
        actor=finance,
    )
    receivable.refresh_from_db()
    order.refresh_from_db()
    assert receivable.state == "settled" and order.state == "closed"
    stats = {row["label"].split()[0]: row for row in sales_by("item")}
    assert stats["INV-M2"]["amount"] == Decimal("27000") and stats["INV-M2"][
        "delivered"
    ] == Decimal("27000")


@pytest.mark.clause("SALES-6")
def test_targets_are_set_per_region_and_broken_down_with_achievement() -> None:
    east, shanghai, jiangsu = (Region.objects.get(code=c) for c in ("EAST", "SH", "JS"))
    manager = person("ops_manager")
    today = timezone.localdate()
    whole = targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        region=east,
        orders_amount=Decimal("500000"),
        revenue_amount=Decimal("400000"),
        actor=manager,
    )
    targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        region=shanghai,
        parent=whole,
        orders_amount=Decimal("300000"),
        actor=manager,
    )
    with pytest.raises(RuleViolation) as error:
        targets.set_target(
            period="month",
            year=today.year,
            number=today.month,
            region=jiangsu,
            parent=whole,
            orders_amount=Decimal("250000"),
            actor=manager,
        )
    assert error.value.clause == "SALES-6"
    with pytest.raises(RuleViolation):
        targets.set_target(
            period="month",
            year=today.year,
            number=today.month,
            region=Region.objects.get(code="GD"),
            parent=whole,
            orders_amount=Decimal("1"),
            actor=manager,
        )
    put_stock("PV-M550", 200, cost=620)
    order = confirmed_order("C001", {"PV-M550": (100, 780)})  # Shanghai
    ship_and_deliver(order)
    tree = target_tree("month", today.year, today.month)
    assert [(depth, a.target.region.code) for depth, a in tree] == [(0, "EAST"), (1, "SH")]
    east_achievement = tree[0][1]
    assert east_achievement.orders == Decimal("78000") and east_achievement.orders_rate == 15.6
    assert east_achievement.deliveries == Decimal("78000")
    assert tree[1][1].orders == Decimal("78000")
    salesperson = targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        salesperson=person("ops_specialist"),
        orders_amount=Decimal("100000"),
        actor=manager,
    )
    assert achievement(salesperson).orders_rate == 78.0
    assert SalesTarget.objects.count() == 3


@pytest.mark.clause("SALES-7")
def test_an_order_beyond_the_credit_limit_waits_for_the_manager() -> None:
    put_stock("PV-M550", 1000, cost=620)
    small = customer("C004")  # credit limit 300,000
    order = draft_order("C004", {"PV-M550": (400, 780)})  # 312,000
    order = orders.confirm_order(order=order, actor=person("ops_specialist"))
    assert order.state == "credit_review"
    assert stock.available(item("PV-M550").pk) == 1000  # nothing reserved yet
    request = approvals_selectors.latest_request(order)
    assert request.clause == "SALES-7" and request.amount == Decimal("312000.00")
    assert [a.approver.user.username for a in request.steps.get(index=0).assignments.all()] == [
        "ops_manager"
    ]
    approvals.approve(request=request, actor=person("ops_manager"))
    approvals.approve(request=request, actor=person("fin_manager"))  # above 200,000: finance too
    order.refresh_from_db()
    assert order.state == "confirmed" and stock.available(item("PV-M550").pk) == 600
    assert small.credit_limit == Decimal("300000")


@pytest.mark.clause("SALES-7")
def test_a_rejected_credit_override_leaves_the_order_draft_with_the_reason() -> None:
    put_stock("PV-M550", 1000, cost=620)
    order = orders.confirm_order(
        order=draft_order("C004", {"PV-M550": (400, 780)}), actor=person("ops_specialist")
    )
    approvals.reject(
        request=approvals_selectors.latest_request(order),
        actor=person("ops_manager"),
        comment="超出信用额度，请先回款",
    )
    order.refresh_from_db()
    assert order.state == "draft"
    history = approvals_selectors.latest_request(order).actions.filter(kind="rejected").get()
    assert "请先回款" in history.comment
    assert stock.available(item("PV-M550").pk) == 1000


@pytest.mark.clause("SALES-7")
def test_open_receivables_and_orders_count_against_the_limit() -> None:
    put_stock("INV-S10", 200, cost=3200)
    confirmed_order("C008", {"INV-S10": (40, 4200)})  # 168,000 of the 200,000 limit
    second = orders.confirm_order(
        order=draft_order("C008", {"INV-S10": (10, 4200)}), actor=person("ops_specialist")
    )
    assert second.state == "credit_review"  # 168,000 + 42,000 > 200,000


@pytest.mark.clause("SALES-8")
def test_receivables_show_ageing_and_overdue_ones_go_to_the_responsible_person(capsys) -> None:
    put_stock("MNT-RF", 100, cost=450)
    today = timezone.localdate()
    for days_overdue in (-5, 10, 45, 75, 120):
        delivery = ship_and_deliver(confirmed_order("C002", {"MNT-RF": (10, 650)}))
        Receivable.objects.filter(delivery=delivery).update(
            due_date=today - datetime.timedelta(days=days_overdue)
        )
    labels, rows = ageing(Receivable.objects.all(), by="customer")
    assert labels == ["current", "1-30", "31-60", "61-90", "91+"]
    assert [str(b) for b in rows[0].buckets] == ["6500.00"] * 5
    labels, by_region = ageing(Receivable.objects.all(), by="region")
    assert by_region[0].label == "江苏" and by_region[0].total == Decimal("32500.00")

    call_command("checks", "run", "sales.overdue_receivables")
    tasks = Task.objects.filter(kind="sales.overdue_receivable", state="open")
    assert tasks.count() == 4 and {t.assignee.user.username for t in tasks} == {"ops_specialist"}


def test_open_demand_feeds_the_replenishment_proposal() -> None:
    put_stock("INV-S50", 10, cost=9800)
    before = replenishment.for_items([item("INV-S50").pk])[item("INV-S50").pk]
    confirmed_order("C005", {"INV-S50": (6, 12800)})
    after = replenishment.for_items([item("INV-S50").pk])[item("INV-S50").pk]
    assert after.open_demand == 6 and before.open_demand == 0
    assert after.quantity > before.quantity


def test_deliveries_are_scoped_logistics_sees_all() -> None:
    put_stock("JB-IP68", 100, cost=28)
    confirmed_order("C004", {"JB-IP68": (10, 45)})
    assert deliveries_visible_to(person("logistics_clerk")).count() == 1
    assert deliveries_visible_to(person("buyer")).count() == 0
    assert Delivery.objects.count() == 1
