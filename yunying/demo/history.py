"""A few months of history so every page and chart has something to show.

Everything goes through the services, as the users would have done it, each on its own day
(``clock.on_day``). The random choices use a fixed seed, so every demo is the same.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalStep
from yunying.approvals.selectors import latest_request
from yunying.core.models import Employee, Position
from yunying.core.services.position_change import draft_position_change, submit_position_change
from yunying.inventory.services import opening
from yunying.masterdata.models import Customer, Item, Location

from .approving import approve_chain
from .clock import on_day
from .crm import build_crm
from .promotions import build_promotion, promotion_leads
from .service import build_service
from .service_history import build_service_history
from .trading import buy, collect, open_work, sales_targets, sell
from .warehouse import stocktake, transfer

WEEKS = 16


def _people() -> dict[str, Employee]:
    return {e.user.username: e for e in Employee.objects.select_related("user", "department")}


def build_history() -> None:
    people = _people()
    today = timezone.localdate()
    start = today - datetime.timedelta(weeks=WEEKS)
    rng = random.Random(2026)  # noqa: S311 - demo data, the same every time
    _position_changes(people)
    _opening_stock(people, start)
    items = list(Item.objects.filter(active=True).order_by("code"))
    customers = list(Customer.objects.order_by("code"))
    promotion = build_promotion(people, start, today)
    for week in range(WEEKS):
        monday = start + datetime.timedelta(weeks=week)
        if week % 4 == 1:
            buy(people, monday, rng, items)
        for n in range(rng.randint(2, 4)):
            sell(people, monday + datetime.timedelta(days=n), rng, items, customers, promotion)
        collect(people, monday + datetime.timedelta(days=4), rng)
        if week == 6:
            transfer(people, monday + datetime.timedelta(days=2))
        if week == 10:
            stocktake(people, monday + datetime.timedelta(days=3))
    open_work(people, today, rng, items)
    sales_targets(people, today)
    build_crm(people, start, today)
    promotion_leads(people, promotion, today)
    build_service(people, today)
    build_service_history(people, start, today)


def _position_changes(people: dict[str, Employee]) -> None:
    """One approved change (with its history), one waiting for the leaders (ORG-3)."""
    analyst = Position.objects.get(code="data_analyst")
    change = draft_position_change(
        position=analyst,
        actor=people["ops_manager"],
        reason="数据分析员需查看本部门及下级团队人员信息，以便编制人效分析报告。",
        permissions={
            **dict(analyst.permissions.values_list("code", "scope")),
            "core.view_employee": "subtree",
        },
    )
    change = submit_position_change(change=change, actor=people["ops_manager"])
    request = latest_request(change)
    if request is None:
        raise RuntimeError("the position change was not routed for approval")
    ApprovalStep.objects.filter(request=request).update(
        activated_at=timezone.now() - datetime.timedelta(hours=20)
    )
    approvals.approve(request=request, actor=people["gm"], comment="同意。")

    supervisor = Position.objects.get(code="ops_supervisor")
    pending = draft_position_change(
        position=supervisor,
        actor=people["ops_manager"],
        reason="运营主管协助部门经理督促制度宣贯，需查看制度的阅知情况。",
        permissions={
            **dict(supervisor.permissions.values_list("code", "scope")),
            "policy.view_acknowledgements": "all",
        },
    )
    submit_position_change(change=pending, actor=people["ops_manager"])


def _opening_stock(people: dict[str, Employee], day: datetime.date) -> None:
    main, branch = Location.objects.get(code="A-01"), Location.objects.get(code="B-01")
    lines = []
    for item in Item.objects.filter(active=True):
        quantity = max(item.safety_stock * 3, Decimal(10))
        lines.append(opening.OpeningLine(item.pk, main.pk, quantity, item.standard_cost))
        if item.category.code == "MOD":
            lines.append(opening.OpeningLine(item.pk, branch.pk, quantity / 5, item.standard_cost))
    with on_day(day, 8):
        opening.post_opening_stock(lines=lines, actor=people["warehouse_keeper"], posting_date=day)


__all__ = ["approve_chain", "build_history"]
