"""The permissions the delivery services check and the kinds of inbox task they open and
close."""

from __future__ import annotations

SHIP = "sales.ship"
MANAGE = "sales.manage_order"
SHIP_TASK = "sales.ship"
FOLLOW_TASK = "sales.follow_receipt"
PROBLEM_TASK = "sales.receipt_problem"
LATE_TASK = "sales.late_delivery"
