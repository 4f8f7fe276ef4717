"""The demo company's promotion (MKT-2): a plan for the summer, approved by the operations
manager, carried by some of the orders entered while it runs and by the contacts it brought,
so its page compares real results with its target and budget."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yunying.core.models import Employee
from yunying.crm.models import ContactRecord, Promotion
from yunying.crm.services import contacts, promotions
from yunying.masterdata.models import Customer, Item

from .approving import approve_chain
from .clock import on_day

LEAD_SUBJECTS = ["展会上留下联系方式，询问组件报价", "看到公众号推文来电咨询", "经销商推介会后约见"]


def build_promotion(
    people: dict[str, Employee], start: datetime.date, today: datetime.date
) -> Promotion:
    """Planned at the start of the history, running from eight weeks in to four weeks ahead."""
    lead = people["mkt_lead"]
    with on_day(start, hour=10):
        plan = promotions.PlanInput(
            name="夏季分布式光伏推广",
            starts_on=start + datetime.timedelta(weeks=8),
            ends_on=today + datetime.timedelta(weeks=4),
            channels=["exhibition", "wechat", "distributor_meeting"],
            budget=Decimal("80000"),
            target_leads=12,
            target_orders=10,
            target_revenue=Decimal("600000"),
            description="参加区域光伏展会，公众号连载安装案例，召开两场经销商推介会。",
            items=list(Item.objects.filter(code__in=["PV-M600", "INV-S10"])),
            owner=lead,
        )
        promotion = promotions.create_promotion(plan=plan, actor=lead)
        promotion = promotions.submit_promotion(promotion=promotion, actor=lead)
    with on_day(start, hour=15):
        approve_chain(promotion)
    promotion.refresh_from_db()
    return promotion


def carries(promotion: Promotion | None, day: datetime.date) -> int | None:
    """The promotion an order entered on ``day`` carries: those of two weekdays in five while
    it runs (by the date, so the rest of the history draws the same numbers)."""
    if promotion is None or not promotion.starts_on <= day <= promotion.ends_on:
        return None
    return promotion.pk if day.toordinal() % 5 < 2 else None


def promotion_leads(
    people: dict[str, Employee], promotion: Promotion, today: datetime.date
) -> None:
    """The contacts the promotion brought, logged by the marketing lead."""
    rng = random.Random(5)  # noqa: S311 - demo data, the same every time
    customers = list(Customer.objects.filter(active=True).order_by("code"))
    day = promotion.starts_on
    while day < today:
        with on_day(day, hour=rng.randint(10, 16)):
            contacts.log_contact(
                actor=people["mkt_lead"],
                kind=rng.choice([ContactRecord.Kind.VISIT, ContactRecord.Kind.CALL]),
                occurred_at=timezone.now(),
                subject=rng.choice(LEAD_SUBJECTS),
                customer=rng.choice(customers),
                participants=[people["mkt_lead"]],
                notes="客户关注组件功率与供货周期，已发送产品资料。",
                promotion=promotion,
            )
        day += datetime.timedelta(days=rng.randint(4, 9))
