"""Scheduled checks of sales: late deliveries (SALES-3), overdue receivables (SALES-8)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from yunying.core.checks import Finding
from yunying.core.messages import Message
from yunying.core.services import inbox

from .selectors.deliveries import late_deliveries as late_ones
from .selectors.receivables import overdue_receivables as overdue_ones
from .services.deliveries.common import LATE_TASK
from .services.settlement import OVERDUE_TASK


def late_deliveries() -> list[Finding]:
    findings = []
    for delivery in late_ones():
        order = delivery.order
        title = Message(
            gettext_lazy("Late delivery: %(delivery)s to %(customer)s was promised for %(date)s"),
            delivery=delivery.number,
            customer=order.customer.name,
            date=order.promised_date,
        )
        url = f"/sales/deliveries/{delivery.pk}/"
        inbox.open_task(
            assignee=order.created_by,
            kind=LATE_TASK,
            title=title,
            source=delivery,
            url=url,
            clause="SALES-3",
        )
        findings.append(Finding(str(title), clause="SALES-3", url=url))
    return findings


def overdue_receivables() -> list[Finding]:
    """Each overdue receivable goes to the customer's responsible salesperson (SALES-8)."""
    findings = []
    for receivable in overdue_ones():
        title = Message(
            gettext_lazy("Overdue: %(customer)s owes %(amount)s on %(receivable)s, due %(date)s"),
            customer=receivable.customer.name,
            amount=receivable.outstanding,
            receivable=receivable.number,
            date=receivable.due_date,
        )
        owner = receivable.customer.owner or receivable.order.created_by
        url = f"/sales/receivables/{receivable.pk}/"
        inbox.open_task(
            assignee=owner,
            kind=OVERDUE_TASK,
            title=title,
            source=receivable,
            url=url,
            clause="SALES-8",
        )
        findings.append(Finding(str(title), clause="SALES-8", url=url))
    return findings
