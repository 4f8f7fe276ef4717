"""The work a signed contract leaves until its goods are in (PROC-4): its follower follows the
delivery, and the warehouse (those who receive goods) receives it. Both open when the contract
is signed or owes goods again, and close when it is received in full or cancelled."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy

from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import inbox

from ...models import PurchaseContract
from .common import FOLLOW_TASK, RECEIVE, RECEIVE_TASK


def open_delivery_tasks(
    contract: PurchaseContract, *, due_at: datetime.datetime | None = None
) -> None:
    """The follower's task, and one for each department that receives goods."""
    url = f"/procurement/contracts/{contract.pk}/"
    if contract.follower is not None:
        inbox.open_task(
            assignee=contract.follower,
            kind=FOLLOW_TASK,
            title=Message(
                gettext_lazy("Follow the delivery of %(contract)s (%(supplier)s)"),
                contract=contract.number,
                supplier=contract.supplier.name,
            ),
            source=contract,
            url=url,
            clause="PROC-4",
            due_at=due_at,
        )
    inbox.open_department_task(
        permission=RECEIVE,
        kind=RECEIVE_TASK,
        title=Message(
            gettext_lazy("Receive the goods of %(contract)s from %(supplier)s"),
            contract=contract.number,
            supplier=contract.supplier.name,
        ),
        source=contract,
        url=url,
        clause="PROC-6",
        due_at=due_at,
    )


def reopen_delivery_tasks(contract: PurchaseContract) -> None:
    """The contract owes goods again (a receipt cancelled, goods sent back)."""
    if contract.state in PurchaseContract.OPEN_STATES:
        open_delivery_tasks(contract)


def close_delivery_tasks(contract: PurchaseContract, *, by: Employee | None = None) -> None:
    inbox.close_tasks(kind=FOLLOW_TASK, source=contract)
    inbox.close_tasks(kind=RECEIVE_TASK, source=contract, by=by)
