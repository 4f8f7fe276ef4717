"""Material issues and shipment recalls race the other writes on the same rows, on PostgreSQL
with real concurrent connections (INV-6, SALES-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.concurrency.race import at_once
from tests.sales_steps import confirmed_order
from tests.stock import approve_every_step, item, location, person, put_stock, take_stock
from yunying.core.errors import DomainError
from yunying.inventory import selectors as stock
from yunying.inventory.models import MaterialIssue, StockBalance, StockLedgerEntry
from yunying.inventory.services import issues
from yunying.sales.models import Delivery, Receivable
from yunying.sales.services import deliveries

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ITEM = "PV-M550"


def approved_unposted(quantity: int) -> MaterialIssue:
    """An issue approved while the stock did not cover it: it waits to be posted."""
    issue = issues.draft_issue(
        lines=[issues.IssueLine(item(ITEM), location(), Decimal(quantity))],
        reason="车间试制",
        purpose=MaterialIssue.Purpose.PRODUCTION,
        actor=person("warehouse_keeper"),
        submit=True,
    )
    approve_every_step(issue)
    issue.refresh_from_db()
    assert issue.state == MaterialIssue.State.APPROVED
    return issue


def issued_by(issue: MaterialIssue) -> Decimal:
    """What the ledger took out for the issue, reversals included."""
    entries = StockLedgerEntry.objects.filter(
        source_type="inventory.materialissue", source_id=issue.pk
    )
    return -sum((e.quantity for e in entries), Decimal(0))


def unexpected(results: list[object]) -> list[object]:
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]


@pytest.mark.clause("INV-6")
def test_posting_and_cancelling_issues_at_once_never_issue_twice_or_beyond_the_stock(org) -> None:
    first, second, third = (approved_unposted(30) for _ in range(3))
    put_stock(ITEM, 70, cost=620)
    balance = StockBalance.objects.get(item=item(ITEM), location=location("A-01"))
    keeper = person("warehouse_keeper")

    def post(issue: MaterialIssue) -> str:
        issues.post_issue(issue=issue, actor=keeper)
        return "posted"

    def cancel(issue: MaterialIssue) -> str:
        issues.cancel_issue(issue=issue, actor=keeper)
        return "cancelled"

    def take_10() -> str:
        take_stock(ITEM, 10)
        return "taken"

    results = at_once(
        lambda: post(first),
        lambda: post(first),
        lambda: post(second),
        lambda: post(third),
        lambda: cancel(third),
        take_10,
    )
    assert not unexpected(results), results
    # The same issue is posted once however many people press the button.
    assert results[:2].count("posted") == 1
    for issue in (first, second, third):
        issue.refresh_from_db()
        assert issued_by(issue) == (30 if issue.state == MaterialIssue.State.POSTED else 0)
    # The cancelled one gave back whatever it had taken; the stock never went below zero.
    assert third.state in (MaterialIssue.State.CANCELLED, MaterialIssue.State.POSTED)
    balance.refresh_from_db()
    out = sum((issued_by(i) for i in (first, second, third)), Decimal(0))
    assert balance.on_hand == 70 - out - 10 * results.count("taken") >= 0
    assert stock.ledger_mismatches() == []


@pytest.mark.clause("SALES-3")
def test_a_recall_and_the_delivery_report_at_once_leave_one_story(org) -> None:
    put_stock("PV-M600", 50, cost=600)
    order = confirmed_order("C001", {"PV-M600": (20, 880)})
    delivery = deliveries.ship(
        delivery=order.deliveries.get(state="notice"),
        carrier="顺丰物流",
        tracking_number="SF1234567890",
        actor=person("logistics_clerk"),
    )
    clerk = person("logistics_clerk")

    def recall() -> str:
        deliveries.cancel_shipment(delivery=delivery, reason="客户改期", actor=clerk)
        return "recalled"

    def delivered() -> str:
        deliveries.mark_delivered(delivery=delivery, actor=clerk)
        return "delivered"

    results = at_once(recall, delivered, recall, delivered)
    assert not unexpected(results), results
    assert results.count("recalled") + results.count("delivered") == 1
    delivery.refresh_from_db()
    on_hand = sum((b.on_hand for b in stock.balances(item=item("PV-M600"))), Decimal(0))
    receivables = Receivable.objects.filter(delivery=delivery).count()
    if "recalled" in results:
        # Recalled: the goods are back and nobody is billed for them.
        assert delivery.state == Delivery.State.CANCELLED
        assert on_hand == 50 and receivables == 0
    else:
        # Delivered: billed once, the stock stays out.
        assert delivery.state == Delivery.State.DELIVERED
        assert on_hand == 30 and receivables == 1
    assert stock.ledger_mismatches() == []
