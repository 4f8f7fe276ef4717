"""The permissions the contract services check and the kind of inbox task they open and
close."""

from __future__ import annotations

MANAGE = "procurement.manage_contract"
RECEIVE = "procurement.receive_goods"
FOLLOW_TASK = "procurement.follow_delivery"
CONTRACT_TASK = "procurement.contract_plan"  # procurement contracts an approved plan
RECEIVE_TASK = "procurement.receive"  # the warehouse receives what a signed contract owes
