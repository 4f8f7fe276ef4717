"""Closing stock periods: after a month is closed nothing is posted into it, so a late document
never forces a repost of history (INV-1)."""

from __future__ import annotations

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access, tx
from yunying.core.errors import Conflict, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit

from ..models import StockPeriod

CLOSE = "inventory.close_period"


def close_period(*, year: int, month: int, actor: Employee) -> StockPeriod:
    access.require(actor, CLOSE)
    if not 1 <= month <= 12:
        raise ValidationFailed(_("Month must be 1 to 12."), field="month")
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise ValidationFailed(_("Only a month that has ended can be closed."), field="month")
    try:
        with tx.atomic():
            period = StockPeriod.objects.create(
                year=year, month=month, closed_at=timezone.now(), closed_by=actor
            )
            audit.record(
                actor=actor,
                action="inventory.close_period",
                obj=period,
                changes={"period": f"{year}-{month:02d}"},
                clause="INV-1",
            )
    except IntegrityError:
        raise Conflict(
            _("%(period)s is already closed.") % {"period": f"{year}-{month:02d}"}
        ) from None
    return period
