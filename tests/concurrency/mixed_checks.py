"""What must hold after the mixed workload of ``mixed``: stock never oversold, orders, receipts
and the ledger agreeing, one audit event per saved change."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum

from tests.concurrency.mixed import ZERO, World
from yunying.approvals.models import ApprovalAction, ApprovalRequest
from yunying.core.models import AuditEvent
from yunying.inventory.models import LedgerKind, StockBalance, StockLedgerEntry, StockReservation
from yunying.procurement.models import ContractLine, GoodsReceipt, GoodsReceiptLine, PurchasePlan
from yunying.sales.models import Delivery, DeliveryLine, SalesOrder, SalesOrderLine


def _sum(rows: Any, expression: Any) -> Decimal:
    return rows.aggregate(v=Sum(expression))["v"] or ZERO


def oversold(world: World) -> list[str]:
    """Balances below zero or reserved beyond what is on hand; items that shipped more than
    their opening stock plus the accepted receipts."""
    problems = [
        f"{b.item.code}@{b.location.code}: on hand {b.on_hand}, reserved {b.reserved}"
        for b in StockBalance.objects.filter(
            Q(on_hand__lt=0) | Q(reserved__lt=0) | Q(reserved__gt=F("on_hand"))
        ).select_related("item", "location")
    ]
    for item_id, opening in world.opening.items():
        accepted = _sum(GoodsReceiptLine.objects.filter(item_id=item_id), "accepted_quantity")
        shipped = _sum(SalesOrderLine.objects.filter(item_id=item_id), "shipped_quantity")
        if shipped > opening + accepted:
            problems.append(f"item {item_id}: shipped {shipped} > {opening} + received {accepted}")
        on_hand = _sum(StockBalance.objects.filter(item_id=item_id), "on_hand")
        if on_hand != opening + accepted - shipped:
            problems.append(
                f"item {item_id}: on hand {on_hand} ≠ {opening} + {accepted} − {shipped}"
            )
    return problems


def order_problems() -> list[str]:
    """Each order line's reserved, noticed and shipped quantities agree with its state, its
    active reservations, its delivery lines and the ledger."""
    problems = []
    reserved = defaultdict(
        lambda: ZERO,
        StockReservation.objects.filter(state="active", source_type="sales.salesorder")
        .values_list("source_line")
        .annotate(q=Sum("quantity")),
    )
    open_requests = Counter(
        ApprovalRequest.objects.filter(
            doc_type="sales.credit_override", state=ApprovalRequest.State.PENDING
        ).values_list("object_id", flat=True)
    )
    for line in SalesOrderLine.objects.select_related("order").order_by("pk"):
        order, name = line.order, f"{line.order.number} line {line.pk}"
        noticed = _sum(
            DeliveryLine.objects.filter(order_line=line).exclude(delivery__state="cancelled"),
            "quantity",
        )
        shipped = _sum(
            DeliveryLine.objects.filter(order_line=line, delivery__state="shipped"), "quantity"
        )
        figures = (line.reserved_quantity, line.noticed_quantity, line.shipped_quantity)
        if order.state in (SalesOrder.State.DRAFT, SalesOrder.State.CREDIT_REVIEW):
            if figures != (ZERO, ZERO, ZERO) or reserved[line.pk] or noticed:
                problems.append(f"{name} ({order.state}): reserved/noticed/shipped {figures}")
            expected_requests = 1 if order.state == SalesOrder.State.CREDIT_REVIEW else 0
            if open_requests[order.pk] != expected_requests:
                problems.append(f"{name} ({order.state}): {open_requests[order.pk]} open approvals")
            continue
        if order.state != SalesOrder.State.CONFIRMED or order.confirmed_at is None:
            problems.append(f"{name}: unexpected state {order.state}")
        if line.reserved_quantity != line.quantity or line.noticed_quantity != line.quantity:
            problems.append(f"{name}: ordered {line.quantity}, reserved/noticed {figures[:2]}")
        if noticed != line.noticed_quantity or shipped != line.shipped_quantity:
            problems.append(
                f"{name}: delivery lines notice {noticed}, shipped {shipped}; {figures}"
            )
        if line.shipped_quantity > line.reserved_quantity:
            problems.append(f"{name}: shipped {line.shipped_quantity} > reserved")
        if reserved[line.pk] != line.reserved_quantity - line.shipped_quantity:
            problems.append(f"{name}: active reservations {reserved[line.pk]}; {figures}")
        posted = -_sum(
            StockLedgerEntry.objects.filter(
                kind=LedgerKind.SHIPMENT, source_type="sales.delivery", source_line=line.pk
            ),
            "quantity",
        )
        if posted != line.shipped_quantity:
            problems.append(f"{name}: ledger shipped {posted}, line {line.shipped_quantity}")
    return problems


def receipt_problems(world: World) -> list[str]:
    """Each contract line received what its receipt lines add up to, within the contract."""
    problems = []
    for line in ContractLine.objects.filter(contract_id=world.contract_id).order_by("pk"):
        rows = GoodsReceiptLine.objects.filter(contract_line=line)
        received, accepted = _sum(rows, "received_quantity"), _sum(rows, "accepted_quantity")
        if (line.received_quantity, line.accepted_quantity) != (received, accepted):
            problems.append(
                f"contract line {line.pk}: {line.received_quantity}/{line.accepted_quantity}, "
                f"receipts {received}/{accepted}"
            )
        if line.accepted_quantity > line.quantity:
            problems.append(f"contract line {line.pk}: accepted beyond {line.quantity}")
        posted = _sum(
            StockLedgerEntry.objects.filter(
                kind=LedgerKind.RECEIPT, source_type="procurement.goodsreceipt", item=line.item
            ),
            "quantity",
        )
        if posted != accepted:
            problems.append(f"contract line {line.pk}: ledger received {posted} ≠ {accepted}")
    return problems


def audit_problems() -> list[str]:
    """One audit event per change that happened — none lost with a rolled-back attempt, none
    left over from one."""
    expected = {
        "sales.create_order": SalesOrder.objects.count(),
        "sales.confirm_order": SalesOrder.objects.filter(confirmed_at__isnull=False).count(),
        "sales.credit_review": ApprovalRequest.objects.filter(
            doc_type="sales.credit_override"
        ).count(),
        "sales.delivery_notice": Delivery.objects.count(),
        "sales.ship": Delivery.objects.filter(state="shipped").count(),
        "procurement.receive_goods": GoodsReceipt.objects.count(),
        "procurement.draft_plan": PurchasePlan.objects.count(),
        "approvals.submit": ApprovalRequest.objects.count(),
        "approvals.approved": ApprovalAction.objects.filter(kind="approved").count(),
        "approvals.returned": ApprovalAction.objects.filter(kind="returned").count(),
    }
    recorded = Counter(
        AuditEvent.objects.filter(action__in=expected).values_list("action", flat=True)
    )
    return [
        f"{action}: {recorded[action]} audit events for {count} changes"
        for action, count in expected.items()
        if recorded[action] != count
    ]
