"""Customer relations in the document shell (``core.documents``): attachments (a price list
photographed at an exhibition, minutes of a meeting), comments and the timeline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunying.core import documents
from yunying.core.models import Employee

from . import selectors
from .models import ContactRecord, MarketIntel, Promotion
from .services import contacts, promotions


def _author(actor: Employee, entry: Any) -> bool:
    return bool(entry.created_by_id == actor.pk)


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=ContactRecord,
            label=_("Contact record"),
            visible=selectors.contacts_visible_to,
            url=lambda record: reverse("crm:contact", args=[record.pk]),
            may_edit=contacts.may_edit,
        )
    )
    documents.register(
        documents.ShellDocument(
            model=MarketIntel,
            label=_("Market intelligence"),
            visible=selectors.intel_visible_to,
            url=lambda entry: reverse("crm:intel_entry", args=[entry.pk]),
            may_edit=_author,
        )
    )
    documents.register(
        documents.ShellDocument(
            model=Promotion,
            label=_("Promotion plan"),
            visible=selectors.promotions_visible_to,
            url=lambda promotion: reverse("crm:promotion", args=[promotion.pk]),
            may_edit=promotions.may_plan,
            closed=lambda promotion: promotion.state != Promotion.State.DRAFT,
        )
    )
