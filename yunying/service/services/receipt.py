"""A customer's receipt problem opens an after-sales case (SALES-4), in the transaction that
records the problem (registered with ``sales.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yunying.core.models import Employee
from yunying.sales.models import ReceiptProblem

from ..models import ServiceCase
from .cases import NewCase, create


def on_receipt_problem(problem: ReceiptProblem, actor: Employee) -> None:
    delivery = problem.delivery
    line = problem.delivery_line
    create(
        NewCase(
            kind=ServiceCase.Kind.AFTER_SALES,
            channel=ServiceCase.Channel.PHONE,
            customer=delivery.order.customer,
            subject=_("Receipt problem on %(delivery)s: %(kind)s")
            % {"delivery": delivery.number, "kind": ReceiptProblem.Kind(problem.kind).label},
            description=problem.description,
            priority=ServiceCase.Priority.HIGH,
            order=delivery.order,
            delivery=delivery,
            item=line.item if line is not None else None,
        ),
        actor=actor,
        receipt_problem=problem,
    )
