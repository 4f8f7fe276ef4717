"""Replenishment alerts (INV-4): raised once when an item's available stock falls below its
safety stock, to the responsible specialist and their supervisor; cleared when it recovers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy

from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import inbox
from yunying.core.services.audit import object_type
from yunying.core.sql import Batch
from yunying.masterdata.models import Item

from ..models import StockAlert
from .stock import SELLABLE, StockState

TASK = "inventory.replenish"
MANAGE = "inventory.manage_replenishment"
__all__ = ["SELLABLE", "evaluate", "responsible"]


def evaluate(state: StockState, item_ids: Iterable[int], batch: Batch) -> None:
    """Raise or clear the alerts of these items from the stock the posting leaves (``state``
    after its changes); nothing is written while nothing changes."""
    now = timezone.now()
    cleared = []
    for item_id in sorted(set(item_ids)):
        item = state.items.get(item_id)
        if item is None:
            continue
        stock = state.available(item_id)
        below = item.active and item.safety_stock > 0 and stock < item.safety_stock
        if below and item.open_alert is None:
            item.open_alert = _raise(
                Item.objects.select_related("planner__superior").get(pk=item_id), stock, now
            )
        elif not below and item.open_alert is not None:
            cleared.append(item.open_alert)
            item.open_alert = None
    if cleared:
        batch.update_where(
            StockAlert.objects.filter(pk__in=cleared),
            state=StockAlert.State.CLEARED,
            cleared_at=now,
        )
        inbox.close_tasks(
            kind=TASK, source_type=object_type(StockAlert), source_ids=cleared, batch=batch
        )


def responsible(item: Item) -> list[Employee]:
    """The item's specialist and their supervisor; without a specialist, whoever manages
    replenishment."""
    people = [p for p in (item.planner, item.planner.superior if item.planner else None) if p]
    if not people:
        people = list(
            Employee.objects.filter(active=True, positions__permissions__code=MANAGE).distinct()
        )
    return people


def _raise(item: Item, stock: Decimal, now: datetime.datetime) -> int:
    alert = StockAlert.objects.create(
        item=item, available_at_raise=stock, safety_stock=item.safety_stock, raised_at=now
    )
    title = Message(
        gettext_lazy("Replenish %(item)s: %(available)s available, safety stock %(safety)s"),
        item=f"{item.code} {item.name}",
        available=plain(stock),
        safety=plain(item.safety_stock),
    )
    people = responsible(item)
    url = f"/inventory/items/{item.pk}/"
    inbox.notify(people, title=title, url=url, source=alert)
    for person in people:
        inbox.open_task(
            assignee=person, kind=TASK, title=title, source=alert, url=url, clause="INV-4"
        )
    return alert.pk
