"""The contact log on the customer and supplier pages of master data (``masterdata.panels``):
the latest contacts with the party that the reader may see (COMM-3)."""

from __future__ import annotations

from yunying.core import access
from yunying.core.models import Employee
from yunying.masterdata import panels
from yunying.masterdata.models import Customer, Supplier

from . import selectors
from .permissions import LOG_CONTACT

LATEST = 5


def contact_log(actor: Employee, party: Customer | Supplier) -> panels.Panel | None:
    if not selectors.may_see_contacts(actor):
        return None
    side = "customer" if isinstance(party, Customer) else "supplier"
    rows = selectors.contacts_visible_to(actor).filter(**{side: party})
    return panels.Panel(
        "crm/_party_contacts.html",
        {
            "records": list(rows.order_by("-occurred_at", "-id")[:LATEST]),
            "side": side,
            "party": party,
            "may_log": access.has_perm(actor, LOG_CONTACT),
        },
    )


def register() -> None:
    panels.register(contact_log)
