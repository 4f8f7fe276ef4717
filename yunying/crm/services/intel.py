"""Market intelligence (MKT-1): recording a competitor's observed price, correcting it (its
author) and deleting it (its author; the deletion is audited with what was deleted)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional
from yunying.masterdata.models import Item, Region

from ..models import Competitor, MarketIntel
from ..permissions import RECORD_INTEL

CLAUSE = "MKT-1"
FIELDS = (
    "competitor",
    "product",
    "item",
    "price",
    "currency",
    "unit",
    "source",
    "observed_on",
    "region",
    "notes",
)


def _check(
    *,
    competitor: Competitor,
    product: str,
    price: Decimal,
    currency: str,
    source: str,
    observed_on: datetime.date,
) -> None:
    if not competitor.active:
        raise ValidationFailed(_("This competitor is no longer watched."), field="competitor")
    if not product.strip():
        raise ValidationFailed(_("Name the product."), field="product")
    if price < 0:
        raise ValidationFailed(_("A price cannot be negative."), field="price")
    if len(currency.strip()) != 3 or not currency.strip().isalpha():
        raise ValidationFailed(_("Give a three-letter currency code."), field="currency")
    if source not in MarketIntel.Source.values:
        raise ValidationFailed(_("Choose where the price was seen."), field="source")
    if observed_on > timezone.localdate():
        raise ValidationFailed(_("A price cannot be observed in the future."), field="observed_on")


def _snapshot(entry: MarketIntel) -> dict[str, Any]:
    return {
        "competitor": entry.competitor.name,
        "product": entry.product,
        "price": str(entry.price),
        "currency": entry.currency,
        "observed_on": entry.observed_on.isoformat(),
    }


@transactional
def record_intel(
    *,
    actor: Employee,
    competitor: Competitor,
    product: str,
    price: Decimal,
    source: str,
    observed_on: datetime.date,
    currency: str = "CNY",
    unit: str = "",
    item: Item | None = None,
    region: Region | None = None,
    notes: str = "",
) -> MarketIntel:
    """Record a competitor's price as observed (MKT-1)."""
    access.require(actor, RECORD_INTEL)
    _check(
        competitor=competitor,
        product=product,
        price=price,
        currency=currency,
        source=source,
        observed_on=observed_on,
    )
    entry = MarketIntel.objects.create(
        department=actor.department,
        created_by=actor,
        competitor=competitor,
        product=product.strip(),
        item=item,
        price=price,
        currency=currency.strip().upper(),
        unit=unit.strip(),
        source=source,
        observed_on=observed_on,
        region=region,
        notes=notes.strip(),
    )
    audit.record(
        actor=actor, action="crm.record_intel", obj=entry, changes=_snapshot(entry), clause=CLAUSE
    )
    return entry


def may_change(actor: Employee, entry: MarketIntel) -> bool:
    return entry.created_by_id == actor.pk and access.has_perm(actor, RECORD_INTEL)


def _locked_own(actor: Employee, entry: MarketIntel) -> MarketIntel:
    entry = (
        MarketIntel.objects.select_for_update(no_key=True, of=("self",))
        .select_related("competitor")
        .get(pk=entry.pk)
    )
    if not may_change(actor, entry):
        raise NotAllowed(_("Only its author changes an intelligence entry."))
    return entry


@transactional
def update_intel(*, actor: Employee, entry: MarketIntel, **values: Any) -> MarketIntel:
    """Correct an entry: its author only. ``values`` are the fields of ``FIELDS`` to change."""
    entry = _locked_own(actor, entry)
    before = _snapshot(entry)
    for name in FIELDS:
        if name in values:
            setattr(entry, name, values[name])
    entry.product, entry.notes = entry.product.strip(), entry.notes.strip()
    entry.currency, entry.unit = entry.currency.strip().upper(), entry.unit.strip()
    _check(
        competitor=entry.competitor,
        product=entry.product,
        price=entry.price,
        currency=entry.currency,
        source=entry.source,
        observed_on=entry.observed_on,
    )
    entry.save()
    audit.record(
        actor=actor,
        action="crm.update_intel",
        obj=entry,
        changes={"before": before, "after": _snapshot(entry)},
        clause=CLAUSE,
    )
    return entry


@transactional
def delete_intel(*, actor: Employee, entry: MarketIntel) -> None:
    """Delete an entry: its author only; the audit trail keeps what it said."""
    entry = _locked_own(actor, entry)
    audit.record(
        actor=actor,
        action="crm.delete_intel",
        target_type="crm.marketintel",
        target_id=str(entry.pk),
        target_repr=str(entry),
        changes=_snapshot(entry),
        clause=CLAUSE,
    )
    entry.delete()


@transactional
def add_competitor(*, actor: Employee, name: str) -> Competitor:
    """Start watching a competitor: a name not on the list yet."""
    access.require(actor, RECORD_INTEL)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Name the competitor."), field="name")
    if Competitor.objects.filter(name__iexact=name).exists():
        raise ValidationFailed(_("%(name)s is on the list already.") % {"name": name}, field="name")
    competitor = Competitor.objects.create(name=name)
    audit.record(actor=actor, action="crm.add_competitor", obj=competitor, clause=CLAUSE)
    return competitor


@transactional
def set_competitor_active(*, actor: Employee, competitor: Competitor, active: bool) -> Competitor:
    """Stop or resume watching a competitor; its entries stay."""
    access.require(actor, RECORD_INTEL)
    competitor = Competitor.objects.select_for_update(no_key=True).get(pk=competitor.pk)
    if competitor.active != active:
        competitor.active = active
        competitor.save(update_fields=["active"])
        audit.record(
            actor=actor,
            action="crm.update_competitor",
            obj=competitor,
            changes={"active": active},
            clause=CLAUSE,
        )
    return competitor
