"""Purchase contracts (PROC-2, PROC-3, PROC-4, PROC-7): procurement turns approved plan lines
into contracts with a supplier; a blocked supplier gets no contract; signing tells the operations
department and gives an ops specialist the delivery to follow.

A contract is signed at once only within what its plan lines were approved for: no more than
the quantity left on each plan line (PROC-3) and no higher a unit price, in the company currency,
than the line's approved price (PROC-2). Beyond either, signing sends the contract to the approval
of the chain in force (rule ``approval.procurement.purchase_contract``) and it is signed only when
that approval is through; until then signing is refused (409, naming PROC-2 when a price is above
its approval, else PROC-3). The chain is routed on the amount the contract's plans now commit
(``approval_amount``: the contracts made on them, this one included, plus what is left of their
lines at the approved prices, and never less than the contract itself), so the company leader's
step above the regulation's threshold cannot be avoided by pricing a plan low or by splitting
the excess over several contracts.

Where things are: ``drafting`` (a draft contract from approved plan lines), ``signing``
(signing, cancelling and the hooks of the approvals engine), ``plan_check`` (a contract compared
with what its plans were approved for, and the amount its approval is routed on),
``commitments`` (the plan rows locked and the quantities contracted on them) and ``common``
(permissions and the task kind).
"""

from __future__ import annotations

from .common import FOLLOW_TASK, MANAGE, RECEIVE
from .drafting import ContractItem, create_contract
from .plan_check import (
    CENT,
    CONTRACT_CHAIN,
    PLAN_CHAINS,
    amount_in_company_currency,
    approval_amount,
    beyond_plan,
    beyond_price,
)
from .signing import (
    cancel_contract,
    on_approved,
    on_rejected,
    on_returned,
    on_withdrawn,
    sign_contract,
)

__all__ = [
    "CENT",
    "CONTRACT_CHAIN",
    "FOLLOW_TASK",
    "MANAGE",
    "PLAN_CHAINS",
    "RECEIVE",
    "ContractItem",
    "amount_in_company_currency",
    "approval_amount",
    "beyond_plan",
    "beyond_price",
    "cancel_contract",
    "create_contract",
    "on_approved",
    "on_rejected",
    "on_returned",
    "on_withdrawn",
    "sign_contract",
]
