"""The lists of customer relations as ``core.lists`` describes them: the contact log (COMM-3)
and market intelligence (MKT-1), with their filters, sorts and Excel columns."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee
from yunying.core.params import as_id

from . import selectors
from .models import Channel, ContactRecord, MarketIntel, Promotion


def _text(params: Mapping[str, Any], name: str) -> str:
    return str(params.get(name) or "").strip()


def _day(params: Mapping[str, Any], name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(_text(params, name))
    except ValueError:
        return None


def contact_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[ContactRecord]:
    rows = selectors.contacts_visible_to(actor)
    if (kind := _text(params, "kind")) in ContactRecord.Kind.values:
        rows = rows.filter(kind=kind)
    if (customer := as_id(params.get("customer"))) is not None:
        rows = rows.filter(customer_id=customer)
    if (supplier := as_id(params.get("supplier"))) is not None:
        rows = rows.filter(supplier_id=supplier)
    if (since := _day(params, "since")) is not None:
        rows = rows.filter(occurred_at__date__gte=since)
    if (until := _day(params, "until")) is not None:
        rows = rows.filter(occurred_at__date__lte=until)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(subject__icontains=q)
            | Q(notes__icontains=q)
            | Q(customer__name__icontains=q)
            | Q(supplier__name__icontains=q)
        )
    return rows


def intel_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[MarketIntel]:
    rows = selectors.intel_visible_to(actor)
    if (competitor := as_id(params.get("competitor"))) is not None:
        rows = rows.filter(competitor_id=competitor)
    if product := _text(params, "product"):
        rows = rows.filter(product__icontains=product)
    if (region := as_id(params.get("region"))) is not None:
        rows = rows.filter(region_id=region)
    if (source := _text(params, "source")) in MarketIntel.Source.values:
        rows = rows.filter(source=source)
    if (since := _day(params, "since")) is not None:
        rows = rows.filter(observed_on__gte=since)
    if (until := _day(params, "until")) is not None:
        rows = rows.filter(observed_on__lte=until)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(competitor__name__icontains=q)
            | Q(product__icontains=q)
            | Q(notes__icontains=q)
            | Q(item__code__icontains=q)
        )
    return rows


def promotion_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[Promotion]:
    rows = selectors.promotions_visible_to(actor)
    if (state := _text(params, "state")) in Promotion.State.values:
        rows = rows.filter(state=state)
    if (channel := _text(params, "channel")) in Channel.values:
        rows = rows.filter(channels__icontains=f'"{channel}"')  # a code in the list
    if (since := _day(params, "since")) is not None:
        rows = rows.filter(ends_on__gte=since)
    if (until := _day(params, "until")) is not None:
        rows = rows.filter(starts_on__lte=until)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q) | Q(name__icontains=q) | Q(description__icontains=q)
        )
    return rows


CONTACTS = ListSpec(
    name="crm.contacts",
    title=_("Contact log"),
    url_name="crm:contacts",
    rows=contact_rows,
    sorts={
        "number": ("number",),
        "occurred_at": ("occurred_at",),
        "kind": ("kind",),
        "subject": ("subject",),
    },
    default=("-occurred_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("When"), "occurred_at"),
        Column(_("Kind"), "kind", choices=ContactRecord.Kind.choices),
        Column(_("Customer"), "customer__name"),
        Column(_("Supplier"), "supplier__name"),
        Column(_("Their contact person"), "contact__name"),
        Column(_("Subject"), "subject"),
        Column(_("Notes"), "notes"),
        Column(_("Logged by"), "created_by__name"),
    ),
    may_read=selectors.may_see_contacts,
    what="crm.contactrecord",
    filename="contact-log",
)

INTEL = ListSpec(
    name="crm.intel",
    title=_("Market intelligence"),
    url_name="crm:intel",
    rows=intel_rows,
    sorts={
        "observed_on": ("observed_on",),
        "competitor": ("competitor__name",),
        "product": ("product",),
        "price": ("price",),
    },
    default=("-observed_on", "-id"),
    columns=(
        Column(_("Observed on"), "observed_on"),
        Column(_("Competitor"), "competitor__name"),
        Column(_("Product"), "product"),
        Column(_("Our item"), "item__code", text=True),
        Column(_("Price"), "price"),
        Column(_("Currency"), "currency", text=True),
        Column(_("Unit"), "unit"),
        Column(_("Source"), "source", choices=MarketIntel.Source.choices),
        Column(_("Region"), "region__name"),
        Column(_("Notes"), "notes"),
        Column(_("Recorded by"), "created_by__name"),
    ),
    may_read=selectors.may_see_intel,
    filename="market-intelligence",
)

PROMOTIONS = ListSpec(
    name="crm.promotions",
    title=_("Promotions"),
    url_name="crm:promotions",
    rows=promotion_rows,
    sorts={
        "number": ("number",),
        "name": ("name",),
        "starts_on": ("starts_on",),
        "budget": ("budget",),
        "state": ("state",),
    },
    default=("-starts_on", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Name"), "name"),
        Column(_("State"), "state", choices=Promotion.State.choices),
        Column(_("Starts on"), "starts_on"),
        Column(_("Ends on"), "ends_on"),
        Column(_("Budget"), "budget"),
        Column(_("Target leads"), "target_leads"),
        Column(_("Target orders"), "target_orders"),
        Column(_("Target revenue"), "target_revenue"),
        Column(_("Owner"), "owner__name"),
        Column(_("Department"), "department__name"),
    ),
    may_read=selectors.may_see_promotions,
    filename="promotions",
)

SPECS = (CONTACTS, INTEL, PROMOTIONS)
