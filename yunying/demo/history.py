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
from yunying.inventory.services import opening, stocktakes, transfers
from yunying.masterdata.models import Customer, Item, Location, Region, Supplier
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import contracts, plans, receipts
from yunying.sales.models import SalesOrder
from yunying.sales.services import deliveries, orders, settlement, targets

from .clock import on_day

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
    for week in range(WEEKS):
        monday = start + datetime.timedelta(weeks=week)
        if week % 4 == 1:
            _buy(people, monday, rng, items)
        for n in range(rng.randint(2, 4)):
            _sell(people, monday + datetime.timedelta(days=n), rng, items, customers)
        _collect(people, monday + datetime.timedelta(days=4), rng)
        if week == 6:
            _transfer(people, monday + datetime.timedelta(days=2))
        if week == 10:
            _stocktake(people, monday + datetime.timedelta(days=3))
    _open_work(people, today, rng, items)
    _targets(people, today)


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


def approve_chain(document: object) -> None:
    """Approve every step of the document's pending request, each by its first approver who
    has not decided yet (every approver of a 会签 step)."""
    request = latest_request(document)
    while request is not None and request.state == "pending":
        step = request.steps.get(index=request.current_step)
        assignment = step.assignments.filter(decision="").first()
        if assignment is None:
            raise RuntimeError(f"{request} has a step without approver")
        approvals.approve(request=request, actor=assignment.approver, comment="同意")
        request.refresh_from_db()


def _buy(
    people: dict[str, Employee], day: datetime.date, rng: random.Random, items: list[Item]
) -> None:
    """A plan, its approval, a contract and, a week or two later, the receipt with inspection."""
    chosen = rng.sample(items, 3)
    needed = day + datetime.timedelta(days=14)
    with on_day(day, 9):
        plan = plans.draft_plan(
            kind=PurchasePlan.Kind.PURCHASE
            if rng.random() < 0.6
            else PurchasePlan.Kind.REPLENISHMENT,
            title=f"{day:%m月%d日}组件采购计划",
            needed_by=needed,
            reason="根据销售预测和库存水平补充备货。",
            lines=[
                plans.PlanLine(i, max(i.reorder_quantity, Decimal(10)), needed, i.standard_cost)
                for i in chosen
            ],
            actor=people["ops_supervisor"],
        )
        plan = plans.submit_plan(plan=plan, actor=people["ops_supervisor"])
    with on_day(day + datetime.timedelta(days=1), 11):
        approve_chain(plans.as_document(plan))
        plan.refresh_from_db()
    by_supplier: dict[Supplier, list[contracts.ContractItem]] = {}
    for line in plan.lines.select_related("item__default_supplier"):
        supplier = line.item.default_supplier or Supplier.objects.get(code="S001")
        price = (line.estimated_price * Decimal(str(rng.uniform(0.95, 1.03)))).quantize(
            Decimal("0.01")
        )
        by_supplier.setdefault(supplier, []).append(
            contracts.ContractItem(
                line, line.quantity, price, day + datetime.timedelta(days=rng.randint(7, 12))
            )
        )
    for supplier, lines in by_supplier.items():
        with on_day(day + datetime.timedelta(days=2), 14):
            contract = contracts.create_contract(
                supplier=supplier, lines=lines, actor=people["buyer"]
            )
            contract = contracts.sign_contract(
                contract=contract, follower=people["ops_specialist"], actor=people["buyer"]
            )
            if contract.state == "submitted":  # a price above the approved one (PROC-2)
                approve_chain(contract)
                contract.refresh_from_db()
        received_on = day + datetime.timedelta(days=rng.randint(8, 14))
        if received_on >= timezone.localdate():
            continue
        with on_day(received_on, 15):
            inspections = []
            for contract_line in contract.lines.all():
                rejected = (
                    Decimal(rng.choice([0, 0, 0, 1, 2, 5]))
                    if contract_line.quantity > 20
                    else Decimal(0)
                )
                inspections.append(
                    receipts.Inspection(
                        contract_line,
                        contract_line.quantity,
                        contract_line.quantity - rejected,
                        rejected,
                        "外观破损" if rejected else "",
                    )
                )
            receipts.receive_goods(
                contract=contract,
                location=Location.objects.get(code="A-01"),
                inspections=inspections,
                actor=people["ops_specialist"],
                received_on=received_on,
            )


def _sell(
    people: dict[str, Employee],
    day: datetime.date,
    rng: random.Random,
    items: list[Item],
    customers: list[Customer],
) -> None:
    """An order entered, confirmed, shipped, delivered and confirmed by the customer."""
    if day >= timezone.localdate():
        return
    customer = rng.choice(customers)
    chosen = rng.sample(items, rng.randint(1, 2))
    with on_day(day, 9):
        order = orders.create_order(
            customer=customer,
            promised_date=day + datetime.timedelta(days=rng.randint(3, 7)),
            lines=[
                orders.OrderLine(
                    i,
                    Decimal(rng.randint(2, 12)) * max(1, int(i.reorder_quantity / 20)),
                    i.sales_price,
                    allow_backorder=True,
                )
                for i in chosen
            ],
            actor=people["ops_specialist"],
        )
        order = orders.confirm_order(order=order, actor=people["ops_specialist"])
    if order.state != SalesOrder.State.CONFIRMED:
        with on_day(day, 16):
            approve_chain(order)
        order.refresh_from_db()
    for delivery in order.deliveries.filter(state="notice"):
        shipped = day + datetime.timedelta(days=1)
        delivered = shipped + datetime.timedelta(days=rng.choice([1, 2, 2, 3, 6]))
        if delivered >= timezone.localdate():
            continue
        with on_day(shipped, 10):
            deliveries.ship(
                delivery=delivery,
                carrier=rng.choice(["顺丰速运", "德邦物流", "中通快运"]),
                tracking_number=f"YT{day:%m%d}{delivery.pk:05d}",
                actor=people["logistics_clerk"],
            )
        with on_day(delivered, 17):
            deliveries.mark_delivered(delivery=delivery, actor=people["logistics_clerk"])
        with on_day(delivered + datetime.timedelta(days=1), 10):
            if rng.random() < 0.9:
                deliveries.confirm_receipt(
                    delivery=delivery, actor=people["ops_specialist"], note="客户已签收"
                )
            else:
                line = delivery.lines.first()
                deliveries.report_problem(
                    delivery=delivery,
                    kind="damaged",
                    description="客户反馈部分货物外包装破损。",
                    line=line,
                    quantity=Decimal(1),
                    actor=people["ops_specialist"],
                )


def _collect(people: dict[str, Employee], day: datetime.date, rng: random.Random) -> None:
    """Finance records payments for most receivables that are due."""
    if day >= timezone.localdate():
        return
    from yunying.sales.models import Receivable

    with on_day(day, 11):
        for receivable in Receivable.objects.exclude(state="settled").filter(
            due_date__lte=day + datetime.timedelta(days=10)
        ):
            if rng.random() < 0.75:
                settlement.record_payment(
                    customer=receivable.customer,
                    amount=receivable.outstanding,
                    received_on=day,
                    actor=people["accountant"],
                    reference=f"BANK{day:%Y%m%d}{receivable.pk}",
                    allocations=[(receivable, receivable.outstanding)],
                )


def _transfer(people: dict[str, Employee], day: datetime.date) -> None:
    with on_day(day, 10):
        transfers.transfer_stock(
            lines=[
                transfers.TransferLine(
                    Item.objects.get(code="PV-M550"),
                    Location.objects.get(code="A-01"),
                    Location.objects.get(code="B-01"),
                    Decimal(50),
                )
            ],
            actor=people["warehouse_keeper"],
            note="华东分仓备货",
        )


def _stocktake(people: dict[str, Employee], day: datetime.date) -> None:
    with on_day(day, 9):
        stocktake = stocktakes.plan_stocktake(
            locations=[Location.objects.get(code="A-02")],
            planned_date=day,
            actor=people["warehouse_keeper"],
        )
        stocktake = stocktakes.start_counting(stocktake=stocktake, actor=people["warehouse_keeper"])
        counts = []
        for line in stocktake.lines.select_related("item", "location"):
            variance = Decimal(-2) if line.item.code == "MC4-P" else Decimal(0)
            counts.append(
                stocktakes.Count(
                    line.item,
                    line.location,
                    line.book_quantity + variance,
                    "盘亏：散件遗失" if variance else "",
                )
            )
        stocktakes.record_counts(
            stocktake=stocktake, counts=counts, actor=people["warehouse_keeper"]
        )
        stocktakes.finish(stocktake=stocktake, actor=people["warehouse_keeper"])


def _open_work(
    people: dict[str, Employee], today: datetime.date, rng: random.Random, items: list[Item]
) -> None:
    """What the demo users find in their inboxes today."""
    needed = today + datetime.timedelta(days=20)
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.REPLENISHMENT,
        title="安全库存补货计划",
        needed_by=needed,
        reason="逆变器和接线盒低于安全库存。",
        lines=[
            plans.PlanLine(Item.objects.get(code="INV-S10"), Decimal(30), needed, Decimal(3200)),
            plans.PlanLine(Item.objects.get(code="JB-IP68"), Decimal(1000), needed, Decimal(28)),
        ],
        actor=people["ops_supervisor"],
    )
    plans.submit_plan(plan=plan, actor=people["ops_supervisor"])  # waits for the ops manager
    big = orders.create_order(
        customer=Customer.objects.get(code="C008"),
        promised_date=today + datetime.timedelta(days=10),
        lines=[orders.OrderLine(Item.objects.get(code="PV-M600"), Decimal(300), Decimal(880))],
        actor=people["ops_specialist"],
    )
    orders.confirm_order(order=big, actor=people["ops_specialist"])  # beyond the credit limit
    ready = orders.create_order(
        customer=Customer.objects.get(code="C001"),
        promised_date=today + datetime.timedelta(days=3),
        lines=[orders.OrderLine(Item.objects.get(code="PV-M550"), Decimal(40), Decimal(780))],
        actor=people["ops_specialist"],
    )
    orders.confirm_order(order=ready, actor=people["ops_specialist"])  # a notice for logistics
    orders.create_order(
        customer=Customer.objects.get(code="C003"),
        promised_date=today + datetime.timedelta(days=14),
        lines=[orders.OrderLine(Item.objects.get(code="CBL-4"), Decimal(2000), Decimal(5))],
        actor=people["ops_specialist"],
        note="客户询价后下单，待确认交期。",
    )


def _targets(people: dict[str, Employee], today: datetime.date) -> None:
    manager = people["ops_manager"]
    quarter = (today.month - 1) // 3 + 1
    regions = {r.code: r for r in Region.objects.all()}
    whole = targets.set_target(
        period="quarter",
        year=today.year,
        number=quarter,
        region=regions["CN"],
        orders_amount=Decimal(3000000),
        revenue_amount=Decimal(2600000),
        collection_amount=Decimal(2400000),
        actor=manager,
    )
    for code, share in (
        ("EAST", Decimal("0.5")),
        ("SOUTH", Decimal("0.3")),
        ("NORTH", Decimal("0.2")),
    ):
        part = targets.set_target(
            period="quarter",
            year=today.year,
            number=quarter,
            region=regions[code],
            parent=whole,
            orders_amount=whole.orders_amount * share,
            revenue_amount=whole.revenue_amount * share,
            collection_amount=whole.collection_amount * share,
            actor=manager,
        )
        if code == "EAST":
            for sub, sub_share in (
                ("SH", Decimal("0.3")),
                ("JS", Decimal("0.3")),
                ("ZJ", Decimal("0.2")),
                ("AH", Decimal("0.2")),
            ):
                targets.set_target(
                    period="quarter",
                    year=today.year,
                    number=quarter,
                    region=regions[sub],
                    parent=part,
                    orders_amount=part.orders_amount * sub_share,
                    revenue_amount=part.revenue_amount * sub_share,
                    collection_amount=part.collection_amount * sub_share,
                    actor=manager,
                )
    targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        salesperson=people["ops_specialist"],
        orders_amount=Decimal(600000),
        revenue_amount=Decimal(500000),
        collection_amount=Decimal(450000),
        actor=manager,
    )
