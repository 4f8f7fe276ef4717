"""Stocktakes (INV-5): the counting schedule per location, the overdue locations, the
stocktakes a person sees and their lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata.models import Location
from yunying.policy import selectors as policy

from ..models import (
    Stocktake,
    StocktakeLine,
)
from ..services.alerts import SELLABLE
from .common import MANAGE_STOCKTAKE, VIEW, held

# ----------------------------------------------------------------------------- stocktake schedule


@dataclass
class LocationSchedule:
    location: Location
    last_counted: datetime.date | None
    due: datetime.date
    in_progress: Stocktake | None

    @property
    def overdue(self) -> bool:
        """Past its date, or never counted at all."""
        if self.in_progress is not None:
            return False
        return self.last_counted is None or self.due < timezone.localdate()


def stocktake_schedule() -> list[LocationSchedule]:
    """When each location was last counted and when it is due by the regulation's cadence."""
    today = timezone.localdate()
    last: dict[int, datetime.date] = {}
    for location_id, posted_at in Stocktake.objects.filter(
        state=Stocktake.State.POSTED
    ).values_list("locations", "posted_at"):
        day = timezone.localtime(posted_at).date()
        if location_id and (location_id not in last or day > last[location_id]):
            last[location_id] = day
    running: dict[int, Stocktake] = {}
    for stocktake in Stocktake.objects.filter(
        state__in=Stocktake.FROZEN_STATES | {"draft"}
    ).prefetch_related("locations"):
        for location in stocktake.locations.all():
            running[location.pk] = stocktake
    result = []
    for location in Location.objects.filter(active=True, kind__in=SELLABLE).select_related(
        "warehouse"
    ):
        counted = last.get(location.pk)
        due = policy.cadence_due("inventory.stocktake_interval", counted, today=today)
        result.append(LocationSchedule(location, counted, due, running.get(location.pk)))
    return result


def stocktakes_visible_to(actor: Employee) -> QuerySet[Stocktake]:
    """Stocktakes for those who see stock or manage stocktakes."""
    rows = Stocktake.objects.select_related("created_by", "department").prefetch_related(
        "locations__warehouse"
    )
    code = held(actor, VIEW, MANAGE_STOCKTAKE)
    return access.scope(rows, actor, code) if code else rows.none()


def stocktake_lines(stocktake: Stocktake) -> list[StocktakeLine]:
    return list(
        stocktake.lines.select_related("item", "location__warehouse").order_by(
            "location__warehouse__code", "location__code", "item__code"
        )
    )


def overdue_locations() -> list[LocationSchedule]:
    return [schedule for schedule in stocktake_schedule() if schedule.overdue]
