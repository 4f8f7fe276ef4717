"""The demo's trade, week by week: purchases (plans, contracts, receipts), sales (orders,
deliveries, receipts), payments collected, the work left open today and the sales targets."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yunying.core.models import Employee
from yunying.crm.models import Promotion
from yunying.masterdata.models import Customer, Item, Location, Region, Supplier
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import contracts, plans, receipts
from yunying.sales.models import SalesOrder
from yunying.sales.services import deliveries, orders, settlement, targets

from .approving import approve_chain
from .clock import on_day
from .promotions import carries


def buy(
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


def sell(
    people: dict[str, Employee],
    day: datetime.date,
    rng: random.Random,
    items: list[Item],
    customers: list[Customer],
    promotion: Promotion | None = None,
) -> None:
    """An order entered (some carrying the promotion running then), confirmed, shipped,
    delivered and confirmed by the customer."""
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
            promotion_id=carries(promotion, day),
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


def collect(people: dict[str, Employee], day: datetime.date, rng: random.Random) -> None:
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


def open_work(
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


def sales_targets(people: dict[str, Employee], today: datetime.date) -> None:
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
