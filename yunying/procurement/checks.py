"""Scheduled check: deliveries later than the contract's date (PROC-4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from yunying.core.checks import Finding
from yunying.core.messages import Message
from yunying.core.numbers import plain
from yunying.core.services import inbox

from . import selectors
from .services.receipts import OVERDUE_TASK as TASK


def overdue_deliveries() -> list[Finding]:
    findings = []
    for line in selectors.overdue_lines():
        contract = line.contract
        title = Message(
            gettext_lazy(
                "Overdue delivery: %(contract)s %(item)s, %(open)s due on %(date)s (%(supplier)s)"
            ),
            contract=contract.number,
            item=line.item.code,
            open=plain(line.open_quantity),
            date=line.delivery_date,
            supplier=contract.supplier.name,
        )
        url = f"/procurement/contracts/{contract.pk}/"
        if contract.follower is not None:
            inbox.open_task(
                assignee=contract.follower,
                kind=TASK,
                title=title,
                source=line,
                url=url,
                clause="PROC-4",
            )
        findings.append(Finding(str(title), clause="PROC-4", url=url))
    return findings
