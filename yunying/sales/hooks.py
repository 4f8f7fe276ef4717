"""What higher apps add to sales steps (sales imports none of them).

``on_receipt_problem``: called with ``(problem, actor)`` inside the transaction that records a
customer's receipt problem (SALES-4); customer service opens its case from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yunying.core.models import Employee

    from .models import ReceiptProblem

ReceiptProblemHook = Callable[["ReceiptProblem", "Employee"], None]

on_receipt_problem: list[ReceiptProblemHook] = []


def register_receipt_problem(hook: ReceiptProblemHook) -> None:
    if hook not in on_receipt_problem:
        on_receipt_problem.append(hook)
