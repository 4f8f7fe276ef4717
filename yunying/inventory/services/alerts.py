"""Replenishment alerts (INV-4): raised once when an item's available stock falls below its
safety stock, to the responsible specialist and their supervisor; cleared when it recovers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.core.services import inbox
from yunying.core.services.audit import object_type
from yunying.masterdata.models import Item, Location

from ..models import StockAlert, StockBalance

TASK = "inventory.replenish"
MANAGE = "inventory.manage_replenishment"
SELLABLE = (Location.Kind.STORAGE, Location.Kind.RECEIVING)


def available_by_item(item_ids: Iterable[int]) -> dict[int, Decimal]:
    rows = (
        StockBalance.objects.filter(item_id__in=list(item_ids), location__kind__in=SELLABLE)
        .values("item_id")
        .annotate(free=Sum(F("on_hand") - F("reserved")))
    )
    return {row["item_id"]: row["free"] or Decimal("0") for row in rows}


_WATCHED = """
SELECT i.id, i.safety_stock, i.active, a.id FROM masterdata_item i
  LEFT JOIN inventory_stockalert a ON a.item_id = i.id AND a.state = %s
 WHERE i.id IN ({ids}) AND (i.safety_stock > 0 OR a.id IS NOT NULL)
"""


def evaluate_alerts(item_ids: Iterable[int]) -> None:
    """Raise or clear the alerts of these items; nothing happens while the state is unchanged."""
    ids = sorted(set(item_ids))
    if not ids:
        return
    safety: dict[int, Decimal] = {}
    open_alerts: dict[int, int] = {}
    with connection.cursor() as cursor:
        # One query for both: the items that have a safety stock, and their open alerts.
        cursor.execute(
            _WATCHED.format(ids=", ".join(["%s"] * len(ids))), [StockAlert.State.OPEN, *ids]
        )
        for item_id, safety_stock, active, alert_id in cursor.fetchall():
            if active and safety_stock and Decimal(safety_stock) > 0:
                safety[item_id] = Decimal(safety_stock)
            if alert_id is not None:
                open_alerts[item_id] = alert_id
    if not safety and not open_alerts:
        return
    available = available_by_item(safety.keys() | open_alerts.keys())
    now = timezone.now()
    cleared = []
    for item_id in ids:
        stock = available.get(item_id, Decimal("0"))
        below = item_id in safety and stock < safety[item_id]
        if below and item_id not in open_alerts:
            _raise(Item.objects.select_related("planner__superior").get(pk=item_id), stock, now)
        elif not below and item_id in open_alerts:
            cleared.append(open_alerts[item_id])
    if cleared:
        StockAlert.objects.filter(pk__in=cleared).update(
            state=StockAlert.State.CLEARED, cleared_at=now
        )
        inbox.close_tasks(kind=TASK, source_type=object_type(StockAlert), source_ids=cleared)


def responsible(item: Item) -> list[Employee]:
    """The item's specialist and their supervisor; without a specialist, whoever manages
    replenishment."""
    people = [p for p in (item.planner, item.planner.superior if item.planner else None) if p]
    if not people:
        people = list(
            Employee.objects.filter(active=True, positions__permissions__code=MANAGE).distinct()
        )
    return people


def _raise(item: Item, stock: Decimal, now: datetime.datetime) -> None:
    alert = StockAlert.objects.create(
        item=item, available_at_raise=stock, safety_stock=item.safety_stock, raised_at=now
    )
    title = _("Replenish %(item)s: %(available)s available, safety stock %(safety)s") % {
        "item": f"{item.code} {item.name}",
        "available": plain(stock),
        "safety": plain(item.safety_stock),
    }
    people = responsible(item)
    url = f"/inventory/items/{item.pk}/"
    inbox.notify(people, title=title, url=url)
    for person in people:
        inbox.open_task(
            assignee=person, kind=TASK, title=title, source=alert, url=url, clause="INV-4"
        )
