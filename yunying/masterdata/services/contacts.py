"""Writing the contact persons of suppliers and customers, within the actor's data scope
(ORG-4)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional

from ..models import Contact, Customer, Supplier
from ..permissions import MANAGE_CUSTOMER, MANAGE_SUPPLIER
from . import fields as f

CONTACT_FIELDS = ("name", "role", "phone", "email")


def _manage_code(party: Supplier | Customer) -> str:
    return MANAGE_SUPPLIER if isinstance(party, Supplier) else MANAGE_CUSTOMER


@transactional
def add_contact(
    *,
    party: Supplier | Customer,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    actor: Employee,
) -> Contact:
    """Add a contact person to a supplier or a customer (within the actor's scope, ORG-4)."""
    access.require_in_scope(actor, _manage_code(party), party)
    fields = f.clean(Contact, {"name": name, "role": role, "phone": phone, "email": email})
    contact = Contact(
        supplier=party if isinstance(party, Supplier) else None,
        customer=party if isinstance(party, Customer) else None,
        **fields,
    )
    f.validate(contact, CONTACT_FIELDS)
    contact.save()
    audit.record(
        actor=actor,
        action="masterdata.add_contact",
        obj=party,
        changes={"contact": contact.pk, **fields},
        clause="ORG-4",
    )
    return contact


@transactional
def remove_contact(*, contact: Contact, actor: Employee) -> None:
    party: Supplier | Customer | None = contact.supplier or contact.customer
    if party is None:  # the database forbids it; keep the type checker honest
        raise ValidationFailed(_("The contact belongs to nobody."))
    access.require_in_scope(actor, _manage_code(party), party)
    removed = {"contact": contact.pk, "name": contact.name, "role": contact.role}
    Contact.objects.filter(pk=contact.pk).delete()
    audit.record(
        actor=actor,
        action="masterdata.remove_contact",
        obj=party,
        changes=removed,
        clause="ORG-4",
    )
