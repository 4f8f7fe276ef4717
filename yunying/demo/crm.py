"""The demo's customer relations: a few months of contacts with customers and suppliers, their
follow-ups (the older ones done, the recent ones still open in 我的待办), and competitors'
prices for four products over the months (MKT-1). A seed of its own keeps it the same every
time without changing the other history."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yunying.core.models import Employee
from yunying.crm.models import Competitor, ContactRecord, MarketIntel
from yunying.crm.services import contacts, intel
from yunying.crm.services.contacts import FollowUpInput
from yunying.masterdata import readers
from yunying.masterdata.models import Contact, Customer, Item, Region, Supplier

from .clock import on_day

COMPETITORS = ("华晟光能", "蓝天新能源", "恒阳科技")
SUBJECTS = {
    "customer": ("季度回访", "新品推介", "交期确认", "回款沟通", "质量反馈跟进"),
    "supplier": ("来料质量沟通", "年度价格谈判", "交付计划确认", "新供应商考察"),
}
FOLLOW_UP_TEXTS = ("整理纪要并发给客户", "寄送样品", "提供报价单", "确认下批交期", "回复技术问题")


def build_crm(people: dict[str, Employee], start: datetime.date, today: datetime.date) -> None:
    rng = random.Random(3)  # noqa: S311 - demo data, the same every time
    _contacts(people, start, today, rng)
    _intelligence(people, start, today, rng)


def _contact_person(party: Customer | Supplier) -> Contact | None:
    return party.contacts.order_by("id").first()


def _one_contact(
    author: Employee,
    party: Customer | Supplier,
    day: datetime.date,
    today: datetime.date,
    owner: Employee,
    rng: random.Random,
) -> None:
    side = "customer" if isinstance(party, Customer) else "supplier"
    due = min(day + datetime.timedelta(days=rng.randint(2, 7)), today + datetime.timedelta(days=3))
    with on_day(day, hour=rng.randint(10, 16)):
        record = contacts.log_contact(
            actor=author,
            customer=party if side == "customer" else None,  # type: ignore[arg-type]
            supplier=party if side == "supplier" else None,  # type: ignore[arg-type]
            kind=rng.choice(ContactRecord.Kind.values),
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            subject=rng.choice(SUBJECTS[side]),
            contact=_contact_person(party),
            participants=[author],
            notes="对方关注价格与交期，约定下次沟通时间。",
            follow_ups=[FollowUpInput(owner=owner, due_on=due, text=rng.choice(FOLLOW_UP_TEXTS))],
        )
    if due < today - datetime.timedelta(days=3):  # the older follow-ups are done
        with on_day(due, hour=17):
            contacts.finish_follow_up(actor=owner, follow_up=record.follow_ups.get())


def _contacts(
    people: dict[str, Employee], start: datetime.date, today: datetime.date, rng: random.Random
) -> None:
    cs_lead, cs_agent, buyer = people["cs_lead"], people["cs_agent"], people["buyer"]
    customers = list(readers.readable(Customer.objects.filter(active=True), cs_lead)[:6])
    suppliers = list(readers.readable(Supplier.objects.filter(active=True), buyer)[:4])
    day = start
    while day < today:
        if day.weekday() < 5 and customers and rng.random() < 0.35:
            author = rng.choice((cs_lead, cs_agent))
            _one_contact(author, rng.choice(customers), day, today, cs_agent, rng)
        if day.weekday() == 2 and suppliers and rng.random() < 0.5:
            _one_contact(buyer, rng.choice(suppliers), day, today, buyer, rng)
        day += datetime.timedelta(days=1)


def _intelligence(
    people: dict[str, Employee], start: datetime.date, today: datetime.date, rng: random.Random
) -> None:
    competitors = [Competitor.objects.get_or_create(name=name)[0] for name in COMPETITORS]
    by_name: dict[str, Item] = {}
    for item in Item.objects.filter(active=True).order_by("code"):
        by_name.setdefault(item.name, item)  # four products with names of their own
    items = list(by_name.values())[:4]
    region = Region.objects.order_by("path").first()
    sources = MarketIntel.Source.values
    span = (today - start).days
    for item in items:
        base = Decimal(rng.randint(80, 400))
        for rank, competitor in enumerate(competitors):
            level = base * (Decimal("0.92") + Decimal(rank) * Decimal("0.05"))
            for step in range(3 if rank != 2 or item != items[-1] else 2):
                if rank == 1 and step == 1 and item == items[0]:
                    continue
                day = start + datetime.timedelta(days=span * step // 3 + rng.randint(0, 9))
                price = (level * (Decimal(1) - Decimal(step) * Decimal("0.02"))).quantize(
                    Decimal("0.01")
                )
                with on_day(day):
                    intel.record_intel(
                        actor=people["mkt_lead"],
                        competitor=competitor,
                        product=item.name,
                        item=item,
                        price=price,
                        unit=item.unit,
                        source=rng.choice(sources),
                        observed_on=day,
                        region=region if step % 2 == 0 else None,
                    )
