"""Given-steps for stock and procurement tests, on top of the real services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core.models import Employee
from yunying.inventory.models import LedgerKind
from yunying.inventory.services.ledger import Move, Source, post_moves
from yunying.masterdata.models import Item, Location, Supplier
from yunying.procurement.models import PurchaseContract, PurchasePlan
from yunying.procurement.services import contracts, plans


def person(username: str) -> Employee:
    return Employee.objects.select_related("department", "user").get(user__username=username)


def item(code: str) -> Item:
    return Item.objects.get(code=code)


def location(code: str = "A-01") -> Location:
    return Location.objects.select_related("warehouse").get(code=code)


def put_stock(
    item_code: str, quantity: str | int, *, cost: str | int = 10, at: str = "A-01"
) -> None:
    """Given there is stock (posted as opening stock)."""
    with transaction.atomic():
        post_moves(
            moves=[
                Move(
                    item(item_code).pk,
                    location(at).pk,
                    Decimal(quantity),
                    LedgerKind.OPENING,
                    unit_cost=Decimal(cost),
                )
            ],
            source=Source("tests.given", 1, "GIVEN"),
            actor=None,
        )


def take_stock(item_code: str, quantity: str | int, *, at: str = "A-01") -> None:
    with transaction.atomic():
        post_moves(
            moves=[Move(item(item_code).pk, location(at).pk, -Decimal(quantity), LedgerKind.ISSUE)],
            source=Source("tests.given", 2, "TAKEN"),
            actor=None,
        )


def approved_plan(
    lines: dict[str, int], *, kind: str = PurchasePlan.Kind.PURCHASE, price: int = 100
) -> PurchasePlan:
    """Given a plan drafted by the ops supervisor and approved by its chain (the ops manager;
    a company leader, too, above the leaders' threshold)."""
    needed = timezone.localdate() + datetime.timedelta(days=30)
    plan = plans.draft_plan(
        kind=kind,
        title="测试计划",
        needed_by=needed,
        lines=[
            plans.PlanLine(item(code), Decimal(q), needed, Decimal(price))
            for code, q in lines.items()
        ],
        actor=person("ops_supervisor"),
    )
    plan = plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    approve_every_step(plans.as_document(plan))
    plan.refresh_from_db()
    return plan


def approve_every_step(document: object) -> None:
    """Given every approver of the document's pending request approves it, step by step (the
    ops manager for a plan, a company leader too above the leaders' threshold)."""
    request = approvals_selectors.latest_request(document)
    while request is not None and request.state == "pending":
        step = request.steps.get(index=request.current_step)
        for assignment in step.assignments.filter(decision="").select_related("approver"):
            approvals.approve(request=request, actor=assignment.approver, comment="同意")
            request.refresh_from_db()
            if request.current_step != step.index or request.state != "pending":
                break


def signed_contract(
    plan: PurchasePlan,
    *,
    quantities: dict[str, int] | None = None,
    price: int = 100,
    supplier: str = "S001",
    days: int = 10,
) -> PurchaseContract:
    """Given procurement signed a contract for the plan's lines."""
    delivery = timezone.localdate() + datetime.timedelta(days=days)
    lines = [
        contracts.ContractItem(
            line,
            Decimal((quantities or {}).get(line.item.code, line.quantity)),
            Decimal(price),
            delivery,
        )
        for line in plan.lines.select_related("item")
    ]
    contract = contracts.create_contract(
        supplier=Supplier.objects.get(code=supplier), lines=lines, actor=person("buyer")
    )
    return contracts.sign_contract(
        contract=contract, follower=person("ops_specialist"), actor=person("buyer")
    )
