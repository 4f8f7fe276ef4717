"""The customer's credit position as an order sees it, and why a credit approval sent a draft
back (SALES-7)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yunying.approvals import selectors as approvals
from yunying.approvals.models import ApprovalAction, ApprovalRequest

from ..models import SalesOrder
from ..services import credit
from .common import ZERO


@dataclass(frozen=True)
class Credit:
    """A customer's credit position (SALES-7) as an order sees it."""

    limit: Decimal
    exposure: Decimal  # open receivables and open orders, this order included when it is open
    others: Decimal  # the same without this order
    amount: Decimal  # this order

    @property
    def after(self) -> Decimal:
        """The exposure once this order is confirmed."""
        return self.others + self.amount

    @property
    def headroom(self) -> Decimal:
        return self.limit - self.exposure

    @property
    def shortfall(self) -> Decimal:
        """How far the exposure is over the limit now (0 when within)."""
        return max(self.exposure - self.limit, ZERO)

    @property
    def beyond(self) -> bool:
        return self.after > self.limit

    @property
    def used_rate(self) -> float | None:
        return round(float(self.after / self.limit * 100), 1) if self.limit else None


def credit_of(order: SalesOrder) -> Credit:
    customer = order.customer
    return Credit(
        limit=customer.credit_limit,
        exposure=credit.exposure(customer),
        others=credit.exposure(customer, excluding=order),
        amount=order.amount,
    )


def credit_decision(order: SalesOrder) -> ApprovalAction | None:
    """Why the credit approval sent a draft back: the last rejection or return (SALES-7)."""
    if order.state != SalesOrder.State.DRAFT:
        return None
    request = approvals.latest_request(order)
    if request is None or request.state not in (
        ApprovalRequest.State.REJECTED,
        ApprovalRequest.State.RETURNED,
    ):
        return None
    return (
        approvals.history(request)
        .filter(kind__in=[ApprovalAction.Kind.REJECTED, ApprovalAction.Kind.RETURNED])
        .order_by("-at", "-id")
        .first()
    )
