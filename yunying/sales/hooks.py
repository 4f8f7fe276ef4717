"""What higher apps add to sales steps (sales imports none of them).

``on_receipt_problem``: called with ``(problem, actor)`` inside the transaction that records a
customer's receipt problem (SALES-4); customer service opens its case from it.

``check_promotion``: whether an order of ``customer`` on ``on_date`` may carry the promotion
``promotion_id`` (MKT-2); the registered check raises ``ValidationFailed(field="promotion")``
when not. ``promotion_choices``: the promotions an order entered on a day may carry, for forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from yunying.core.errors import ValidationFailed

if TYPE_CHECKING:
    import datetime

    from yunying.core.models import Employee
    from yunying.masterdata.models import Customer

    from .models import ReceiptProblem

ReceiptProblemHook = Callable[["ReceiptProblem", "Employee"], None]

on_receipt_problem: list[ReceiptProblemHook] = []


def register_receipt_problem(hook: ReceiptProblemHook) -> None:
    if hook not in on_receipt_problem:
        on_receipt_problem.append(hook)


PromotionCheck = Callable[[int, "Customer", "datetime.date"], None]
PromotionChoices = Callable[["datetime.date"], list[tuple[int, str]]]

_promotion_checks: list[PromotionCheck] = []
_promotion_choices: list[PromotionChoices] = []


def register_promotion_check(check: PromotionCheck, choices: PromotionChoices) -> None:
    if check not in _promotion_checks:
        _promotion_checks.append(check)
    if choices not in _promotion_choices:
        _promotion_choices.append(choices)


def check_promotion(promotion_id: int, customer: Customer, on_date: datetime.date) -> None:
    """Raise ``ValidationFailed(field="promotion")`` unless the order may carry the promotion;
    without a registered check no order carries one."""
    if not _promotion_checks:
        raise ValidationFailed(_("Orders cannot carry a promotion."), field="promotion")
    for check in _promotion_checks:
        check(promotion_id, customer, on_date)


def promotion_choices(on_date: datetime.date) -> list[tuple[int, str]]:
    return [choice for source in _promotion_choices for choice in source(on_date)]
