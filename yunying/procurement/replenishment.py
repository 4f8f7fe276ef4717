"""Procurement's part in replenishment (INV-2, INV-3): the lines the inventory supervisor takes
from the replenishment proposal become a draft replenishment plan, each line at the item's
standard cost and with the quantity the system proposed."""

from __future__ import annotations

import datetime

from django.urls import reverse

from yunying.core.models import Employee
from yunying.inventory.replenishment import DraftedPlan, OrderLine

from .models import PurchasePlan
from .services import plans


def draft_from_proposal(
    *, title: str, needed_by: datetime.date, lines: list[OrderLine], actor: Employee
) -> DraftedPlan:
    """Draft the replenishment plan through the plan service; its number and page."""
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.REPLENISHMENT,
        title=title,
        needed_by=needed_by,
        lines=[
            plans.PlanLine(
                line.proposal.item,
                line.quantity,
                line.needed_by,
                estimated_price=line.proposal.item.standard_cost,
                proposed_quantity=line.proposal.quantity,
            )
            for line in lines
        ],
        actor=actor,
    )
    return DraftedPlan(number=plan.number, url=reverse("procurement:plan", kwargs={"pk": plan.pk}))
