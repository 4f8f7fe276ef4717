"""Sales targets per region and period, broken down to sub-regions or salespeople (SALES-6)."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import cast

from django.db import IntegrityError
from django.db.models import Field
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import RuleViolation, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional
from yunying.masterdata.models import Region

from ..models import SalesTarget

MANAGE = "sales.manage_target"
METRICS = ("orders_amount", "revenue_amount", "collection_amount")


def period_bounds(period: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    if period == SalesTarget.Period.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period == SalesTarget.Period.QUARTER:
        if not 1 <= number <= 4:
            raise ValidationFailed(_("A quarter is 1 to 4."), field="number")
        first = 3 * (number - 1) + 1
        return datetime.date(year, first, 1), datetime.date(
            year, first + 2, calendar.monthrange(year, first + 2)[1]
        )
    if period == SalesTarget.Period.MONTH:
        if not 1 <= number <= 12:
            raise ValidationFailed(_("A month is 1 to 12."), field="number")
        return datetime.date(year, number, 1), datetime.date(
            year, number, calendar.monthrange(year, number)[1]
        )
    raise ValidationFailed(_("Unknown period."), field="period")


@transactional
def set_target(
    *,
    period: str,
    year: int,
    number: int,
    actor: Employee,
    region: Region | None = None,
    salesperson: Employee | None = None,
    parent: SalesTarget | None = None,
    orders_amount: Decimal = Decimal("0"),
    revenue_amount: Decimal = Decimal("0"),
    collection_amount: Decimal = Decimal("0"),
) -> SalesTarget:
    """Set (or change) a target; a broken-down target lies within its parent's period and region,
    and the parts never add up to more than the whole (SALES-6)."""
    access.require(actor, MANAGE)
    if (region is None) == (salesperson is None):
        raise ValidationFailed(_("A target is for a region or for a salesperson."), field="region")
    amounts = {
        "orders_amount": orders_amount,
        "revenue_amount": revenue_amount,
        "collection_amount": collection_amount,
    }
    for name, value in amounts.items():
        if value is None or value < 0:
            raise ValidationFailed(_("Targets cannot be negative."), field=name)
    start, end = period_bounds(period, year, number)
    if parent is not None:
        parent = SalesTarget.objects.select_for_update(no_key=True).get(pk=parent.pk)
        if not (parent.start <= start and end <= parent.end):
            raise RuleViolation(
                _("A broken-down target lies within its parent's period."),
                clause="SALES-6",
                field="parent",
            )
        if (
            region is not None
            and parent.region is not None
            and not region.path.startswith(parent.region.path)
        ):
            raise RuleViolation(
                _("A region's target is broken down to its own sub-regions."),
                clause="SALES-6",
                field="region",
            )
    target = (
        SalesTarget.objects.filter(
            region=region, salesperson=salesperson, period=period, year=year, number=number
        )
        .select_for_update(no_key=True)
        .first()
    )
    before = {name: getattr(target, name) for name in METRICS} if target else {}
    if target is None:
        target = SalesTarget(
            region=region,
            salesperson=salesperson,
            period=period,
            year=year,
            number=number,
            start=start,
            end=end,
            created_by=actor,
        )
    target.parent = parent
    for name, value in amounts.items():
        setattr(target, name, value)
    if target.pk is not None:
        for name in METRICS:
            parts = sum((getattr(c, name) for c in target.children.all()), Decimal("0"))
            if parts > getattr(target, name):
                raise RuleViolation(
                    _("Its parts already add up to %(total)s; the target cannot be lower.")
                    % {"total": parts},
                    clause="SALES-6",
                    field=name,
                )
    if parent is not None:
        siblings = parent.children.exclude(pk=target.pk)
        for name in METRICS:
            total = sum((getattr(s, name) for s in siblings), Decimal("0")) + getattr(target, name)
            if total > getattr(parent, name):
                raise RuleViolation(
                    _(
                        "The broken-down targets (%(total)s) exceed the parent's %(name)s "
                        "(%(whole)s)."
                    )
                    % {
                        "total": total,
                        "name": cast(Field, SalesTarget._meta.get_field(name)).verbose_name,
                        "whole": getattr(parent, name),
                    },
                    clause="SALES-6",
                    field=name,
                )
    try:
        target.save()
    except IntegrityError:
        raise ValidationFailed(_("This target exists already."), field="period") from None
    audit.record(
        actor=actor,
        action="sales.set_target",
        obj=target,
        changes=audit.diff(before, {name: getattr(target, name) for name in METRICS}),
        clause="SALES-6",
    )
    return target
