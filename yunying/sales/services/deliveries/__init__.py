"""Deliveries (SALES-2, SALES-3) and the customer's receipt (SALES-4).

A confirmed order hands a delivery notice to logistics (a task in their inbox, ``notices``);
logistics ship it — carrier, tracking number, time — which issues the stock at moving-average
cost in the same transaction, and record when it was delivered, which raises the receivable
(``shipping``). The specialist records the customer's confirmation of receipt or the problems
reported (``receipt``); a return brings stock back and reduces what is receivable
(``returns``). A delivery shipped but not yet delivered can be cancelled: its stock issue is
reversed and the order can ship again (``recall``).
"""

from __future__ import annotations

from .common import FOLLOW_TASK, LATE_TASK, MANAGE, PROBLEM_TASK, SHIP, SHIP_TASK
from .notices import cancel_open_notices, create_notice, notice_for, queue_notice
from .recall import cancel_shipment
from .receipt import confirm_receipt, report_problem, resolve_problem
from .returns import return_goods
from .shipping import mark_delivered, ship

__all__ = [
    "FOLLOW_TASK",
    "LATE_TASK",
    "MANAGE",
    "PROBLEM_TASK",
    "SHIP",
    "SHIP_TASK",
    "cancel_open_notices",
    "cancel_shipment",
    "confirm_receipt",
    "create_notice",
    "mark_delivered",
    "notice_for",
    "queue_notice",
    "report_problem",
    "resolve_problem",
    "return_goods",
    "ship",
]
