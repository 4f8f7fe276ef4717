"""The inventory flow of seed 004 三(二), as the regulation reads (INV-1 … INV-6)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.stock import (
    approved_plan,
    item,
    location,
    person,
    put_stock,
    signed_contract,
    take_stock,
)
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core.errors import InsufficientStock, RuleViolation, ValidationFailed
from yunying.core.models import Notification, Task
from yunying.inventory import replenishment
from yunying.inventory import selectors as stock
from yunying.inventory.models import LedgerKind, StockAlert, StockBalance, StockLedgerEntry
from yunying.inventory.services import periods, reservations, stocktakes, transfers
from yunying.inventory.services.ledger import Move, Source, post_moves
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import plans

pytestmark = pytest.mark.django_db


@pytest.mark.clause("INV-1")
def test_every_stock_change_is_an_immutable_entry_tied_to_its_document() -> None:
    put_stock("JB-IP68", 100, cost=28)
    take_stock("JB-IP68", 30)
    entries = list(StockLedgerEntry.objects.filter(item=item("JB-IP68")).order_by("id"))
    assert [(e.kind, e.quantity, e.source_number) for e in entries] == [
        ("opening", 100, "GIVEN"),
        ("issue", -30, "TAKEN"),
    ]
    balance = StockBalance.objects.get(item=item("JB-IP68"), location=location())
    assert balance.on_hand == 70 and balance.value == Decimal("1960")
    assert stock.ledger_mismatches() == []

    entry = entries[0]
    entry.quantity = Decimal(1000)
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inventory_stockledgerentry SET quantity = 1000 WHERE id = %s", [entry.pk]
        )


@pytest.mark.clause("INV-1")
def test_the_scheduled_check_finds_a_balance_that_left_its_ledger_and_rebuild_repairs_it(
    capsys,
) -> None:
    put_stock("MC4-P", 500, cost=3)
    StockBalance.objects.filter(item=item("MC4-P")).update(on_hand=Decimal(450))
    with pytest.raises(SystemExit):
        call_command("checks", "run", "inventory.ledger_matches_balances")
    assert "450" in capsys.readouterr().out
    call_command("inventory", "rebuild-balances")
    assert StockBalance.objects.get(item=item("MC4-P"), location=location()).on_hand == 500
    call_command("checks", "run", "inventory.ledger_matches_balances")


@pytest.mark.clause("INV-1")
def test_nothing_is_posted_into_a_closed_period() -> None:
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    periods.close_period(year=last_month.year, month=last_month.month, actor=person("log_manager"))
    with pytest.raises(RuleViolation) as error, transaction.atomic():
        post_moves(
            moves=[
                Move(
                    item("CBL-4").pk,
                    location().pk,
                    Decimal(10),
                    LedgerKind.OPENING,
                    unit_cost=Decimal(3),
                )
            ],
            source=Source("tests.late", 1, "LATE"),
            actor=None,
            posting_date=last_month,
        )
    assert error.value.clause == "INV-1"
    put_stock("CBL-4", 10)  # today is open
    with pytest.raises(ValidationFailed):
        periods.close_period(year=today.year, month=today.month, actor=person("log_manager"))


@pytest.mark.clause("INV-1")
def test_cancelling_a_transfer_posts_reversals_and_values_move_at_average_cost() -> None:
    put_stock("INV-S10", 10, cost=3000)
    put_stock("INV-S10", 10, cost=3400)  # average 3200
    transfer = transfers.transfer_stock(
        lines=[
            transfers.TransferLine(item("INV-S10"), location("A-01"), location("B-01"), Decimal(5))
        ],
        actor=person("ops_specialist"),
    )
    moved = StockBalance.objects.get(item=item("INV-S10"), location=location("B-01"))
    assert moved.on_hand == 5 and moved.value == Decimal("16000")
    transfers.cancel_transfer(transfer=transfer, actor=person("ops_specialist"))
    assert StockBalance.objects.get(item=item("INV-S10"), location=location("B-01")).on_hand == 0
    home = StockBalance.objects.get(item=item("INV-S10"), location=location("A-01"))
    assert home.on_hand == 20 and home.value == Decimal("64000")
    assert StockLedgerEntry.objects.filter(source_id=transfer.pk, kind="reversal").count() == 2
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("INV-2")
def test_the_proposal_uses_forecast_on_hand_planned_supply_safety_stock_and_lead_time() -> None:
    cable = item("CBL-6")  # safety 1000, reorder 1000, lead time 10 days; review period 14 days
    # 6000 in stock ten weeks ago, then issues of 700 a week for the last eight weeks.
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    with transaction.atomic():
        post_moves(
            moves=[Move(cable.pk, location().pk, Decimal(6000), LedgerKind.OPENING, Decimal(4))],
            source=Source("tests.opening", 1, "OPEN-1"),
            actor=None,
            posting_date=monday - datetime.timedelta(weeks=10),
        )
        for week in range(1, 9):
            post_moves(
                moves=[Move(cable.pk, location().pk, Decimal(-700), LedgerKind.ISSUE)],
                source=Source("tests.issue", week, f"ISS-{week}"),
                actor=None,
                posting_date=monday - datetime.timedelta(weeks=week) + datetime.timedelta(days=2),
            )
    proposal = replenishment.for_items([cable.pk])[cable.pk]
    assert proposal.on_hand == 6000 - 8 * 700
    assert proposal.weekly_forecast == 700
    assert proposal.cover_days == 24
    assert proposal.need == 1000 + 700 * 24 / 7  # 3400
    # position 400 → short by 3000 → whole reorder quantities of 1000
    assert proposal.quantity == 3000


@pytest.mark.clause("INV-2")
def test_a_need_already_in_a_plan_or_contract_is_not_proposed_again() -> None:
    code = "INV-S50"  # safety 8, reorder 4, nothing in stock
    first = replenishment.for_items([item(code).pk])[item(code).pk].quantity
    assert first == 8
    needed = timezone.localdate() + datetime.timedelta(days=20)
    plans.draft_plan(
        kind=PurchasePlan.Kind.REPLENISHMENT,
        title="补货",
        needed_by=needed,
        lines=[plans.PlanLine(item(code), first, needed, proposed_quantity=first)],
        actor=person("ops_supervisor"),
    )
    assert replenishment.for_items([item(code).pk])[item(code).pk].quantity == 0
    # Still covered once the plan is approved and contracted.
    signed_contract(approved_plan({"JB-IP68": 100}))
    assert replenishment.for_items([item(code).pk])[item(code).pk].planned_supply == first


@pytest.mark.clause("INV-3")
def test_a_replenishment_plan_is_approved_like_a_purchase_plan() -> None:
    needed = timezone.localdate() + datetime.timedelta(days=20)
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.REPLENISHMENT,
        title="安全库存补货",
        needed_by=needed,
        lines=[plans.PlanLine(item("MNT-RF"), Decimal(20), needed, Decimal(450))],
        actor=person("ops_supervisor"),
    )
    assert plan.number.startswith("RP-")
    plan = plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    request = approvals_selectors.latest_request(plans.as_document(plan))
    assert request.doc_type == "inventory.replenishment_plan" and request.clause == "INV-3"
    assert [a.approver.user.username for a in request.steps.get(index=0).assignments.all()] == [
        "ops_manager"
    ]
    approvals.approve(request=request, actor=person("ops_manager"))
    plan.refresh_from_db()
    assert plan.state == "approved"


@pytest.mark.clause("INV-4")
def test_an_alert_is_raised_once_below_safety_stock_and_cleared_when_stock_recovers() -> None:
    code = "INV-S10"  # safety stock 20
    put_stock(code, 25, cost=3200)
    assert not StockAlert.objects.filter(item=item(code)).exists()
    take_stock(code, 10)  # 15 < 20
    take_stock(code, 2)  # still below: no second alert
    take_stock(code, 1)
    alerts = StockAlert.objects.filter(item=item(code))
    assert alerts.count() == 1 and alerts.get().state == "open"
    tasks = Task.objects.filter(kind="inventory.replenish", state="open")
    assert {t.assignee.user.username for t in tasks} == {"ops_specialist", "ops_supervisor"}
    assert all(t.clause == "INV-4" for t in tasks)
    assert (
        Notification.objects.filter(
            recipient=person("ops_supervisor"), title__contains=code
        ).count()
        == 1
    )

    put_stock(code, 30)
    alert = alerts.get()
    assert alert.state == "cleared" and alert.cleared_at is not None
    assert not Task.objects.filter(kind="inventory.replenish", state="open").exists()


@pytest.mark.clause("INV-4")
def test_a_reservation_that_eats_into_safety_stock_raises_the_alert() -> None:
    code = "INV-S10"
    put_stock(code, 25, cost=3200)
    with transaction.atomic():
        reservations.reserve_for(
            demands=[
                reservations.Demand(source_line=1, item_id=item(code).pk, quantity=Decimal(10))
            ],
            source=Source("tests.order", 1, "SO-TEST"),
        )
    assert StockAlert.objects.filter(item=item(code), state="open").exists()


def _counted_stocktake(variances: dict[str, int]) -> stocktakes.Stocktake:
    for code in variances:
        put_stock(code, 100, cost=50)
    manager = person("ops_specialist")
    stocktake = stocktakes.plan_stocktake(
        locations=[location("A-01")], planned_date=timezone.localdate(), actor=manager
    )
    stocktake = stocktakes.start_counting(stocktake=stocktake, actor=manager)
    counts = [
        stocktakes.Count(
            line.item,
            line.location,
            line.book_quantity + variances.get(line.item.code, 0),
            "盘亏：破损" if variances.get(line.item.code) else "",
        )
        for line in stocktake.lines.select_related("item", "location")
    ]
    return stocktakes.record_counts(stocktake=stocktake, counts=counts, actor=manager)


@pytest.mark.clause("INV-5")
def test_a_stocktake_freezes_book_quantities_and_posts_explained_variances() -> None:
    stocktake = _counted_stocktake({"MC4-P": -4})
    # While counting, the location is frozen.
    with pytest.raises(RuleViolation) as error:
        take_stock("MC4-P", 1)
    assert error.value.clause == "INV-5"
    line = stocktake.lines.get(item=item("MC4-P"))
    assert line.book_quantity == 100 and line.variance == -4 and line.variance_value == -200
    stocktake = stocktakes.finish(stocktake=stocktake, actor=person("ops_specialist"))
    assert stocktake.state == "posted"  # 200 is below the approval threshold of 2000
    assert stock.available(item("MC4-P").pk) == 96
    assert (
        StockLedgerEntry.objects.filter(source_id=stocktake.pk, kind="adjustment").get().quantity
        == -4
    )
    take_stock("MC4-P", 1)  # no longer frozen


@pytest.mark.clause("INV-5")
def test_every_variance_needs_a_reason_and_large_ones_need_approval() -> None:
    stocktake = _counted_stocktake({"CBL-4": -60})  # 60 × 50 = 3000 > 2000
    stocktake.lines.filter(item=item("CBL-4")).update(reason="")
    with pytest.raises(RuleViolation) as error:
        stocktakes.finish(stocktake=stocktake, actor=person("ops_specialist"))
    assert error.value.clause == "INV-5"
    stocktake.lines.filter(item=item("CBL-4")).update(reason="清点发现被领用未登记")
    stocktake = stocktakes.finish(stocktake=stocktake, actor=person("ops_specialist"))
    assert stocktake.state == "submitted"
    request = approvals_selectors.latest_request(stocktake)
    assert request.amount == Decimal("3000.00") and request.clause == "INV-5"
    assert stock.available(item("CBL-4").pk) == 100  # nothing posted yet
    approvals.approve(request=request, actor=person("ops_manager"))
    stocktake.refresh_from_db()
    assert stocktake.state == "posted"
    assert stock.available(item("CBL-4").pk) == 40


@pytest.mark.clause("INV-5")
def test_stocktakes_are_scheduled_at_the_regulation_interval_and_overdue_ones_flagged(
    capsys,
) -> None:
    schedule = {s.location.code: s for s in stock.stocktake_schedule()}
    assert schedule["A-01"].due <= timezone.localdate()  # never counted: due now
    call_command("checks", "run", "inventory.stocktakes_overdue")
    stocktake = _counted_stocktake({})
    stocktakes.finish(stocktake=stocktake, actor=person("ops_specialist"))
    schedule = {s.location.code: s for s in stock.stocktake_schedule()}
    assert schedule["A-01"].last_counted == timezone.localdate()
    assert schedule["A-01"].due > timezone.localdate() + datetime.timedelta(
        days=80
    )  # every 3 months
    assert not schedule["A-01"].overdue


@pytest.mark.clause("INV-6")
def test_an_issue_beyond_available_stock_is_refused_with_a_clear_error() -> None:
    put_stock("PV-B450", 10, cost=520)
    with pytest.raises(InsufficientStock) as error:
        take_stock("PV-B450", 11)
    assert error.value.clause == "INV-6"
    assert "10" in str(error.value) and "11" in str(error.value)
    assert stock.available(item("PV-B450").pk) == 10


@pytest.mark.clause("INV-6")
def test_stock_reserved_for_an_order_cannot_be_taken_by_others() -> None:
    put_stock("PV-B450", 10, cost=520)
    with transaction.atomic():
        reservations.reserve_for(
            demands=[
                reservations.Demand(source_line=7, item_id=item("PV-B450").pk, quantity=Decimal(8))
            ],
            source=Source("tests.order", 7, "SO-7"),
        )
    with pytest.raises(InsufficientStock):
        take_stock("PV-B450", 3)
    take_stock("PV-B450", 2)
    with pytest.raises(InsufficientStock), transaction.atomic():
        transfers.transfer_stock(
            lines=[
                transfers.TransferLine(
                    item("PV-B450"), location("A-01"), location("B-01"), Decimal(1)
                )
            ],
            actor=person("ops_specialist"),
        )
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("INV-5")
def test_a_loss_found_by_stocktake_is_posted_even_where_stock_was_reserved() -> None:
    put_stock("MNT-RF", 100, cost=450)
    with transaction.atomic():
        reservations.reserve_for(
            demands=[
                reservations.Demand(source_line=9, item_id=item("MNT-RF").pk, quantity=Decimal(95))
            ],
            source=Source("tests.order", 9, "SO-9"),
        )
    manager = person("ops_specialist")
    stocktake = stocktakes.plan_stocktake(
        locations=[location("A-01")], planned_date=timezone.localdate(), actor=manager
    )
    stocktake = stocktakes.start_counting(stocktake=stocktake, actor=manager)
    line = stocktake.lines.get(item=item("MNT-RF"))
    stocktakes.record_counts(
        stocktake=stocktake,
        counts=[stocktakes.Count(line.item, line.location, Decimal(90), "丢失")],
        actor=manager,
    )
    stocktake = stocktakes.finish(stocktake=stocktake, actor=manager)  # 10 × 450 = 4500: approval
    approvals.approve(
        request=approvals_selectors.latest_request(stocktake), actor=person("ops_manager")
    )
    balance = StockBalance.objects.get(item=item("MNT-RF"), location=location("A-01"))
    assert (balance.on_hand, balance.reserved) == (90, 90)
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("INV-6")
def test_a_back_dated_transfer_cannot_take_stock_a_later_issue_used(people) -> None:
    """Stock never goes negative in the past either: 10 in on day −10, all 10 issued on day −3;
    a transfer dated day −5 would have left the issue on day −3 short by 5 (ERPNext's
    test_future_negative_sle case)."""
    today = timezone.localdate()
    code = "JB-IP68"

    def post(quantity: int, days_ago: int, kind: str) -> None:
        with transaction.atomic():
            post_moves(
                moves=[
                    Move(
                        item(code).pk,
                        location("A-01").pk,
                        Decimal(quantity),
                        kind,
                        unit_cost=Decimal("28") if quantity > 0 else None,
                    )
                ],
                source=Source("tests.history", days_ago, f"H-{days_ago}"),
                actor=None,
                posting_date=today - datetime.timedelta(days=days_ago),
            )

    post(10, 10, LedgerKind.OPENING)
    post(-10, 3, LedgerKind.ISSUE)
    line = transfers.TransferLine(item(code), location("A-01"), location("B-01"), Decimal(5))

    with pytest.raises(InsufficientStock) as error:
        transfers.transfer_stock(
            lines=[line],
            actor=person("warehouse_keeper"),
            posting_date=today - datetime.timedelta(days=5),
        )
    assert error.value.clause == "INV-6" and error.value.field == "posting_date"
    assert stock.ledger_mismatches() == []
    # Once stock comes back (day −1), a transfer dated after it goes through.
    post(8, 1, LedgerKind.RECEIPT)
    transfers.transfer_stock(
        lines=[line],
        actor=person("warehouse_keeper"),
        posting_date=today - datetime.timedelta(days=1),
    )
    assert stock.available(item(code).pk) == 8
