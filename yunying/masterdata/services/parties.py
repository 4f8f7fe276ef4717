"""What suppliers and customers share: their fields and the rule that a protected record is
held only by a department within the actor's data scope (ORG-4)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Department, Employee

PARTY_FIELDS = (
    "name",
    "contact_person",
    "phone",
    "email",
    "address",
    "payment_terms_days",
    "department",
    "owner",
    "active",
)


def may_hold_in(actor: Employee, code: str, department: Department, owner: Employee | None) -> bool:
    return access.may_hold(actor, code, department, owner)


def check_scope(
    actor: Employee | None, code: str, department: Department | None, owner: Employee | None
) -> None:
    """The actor holds ``code`` and may give the record to ``department`` and ``owner``."""
    if actor is None:
        return
    if department is None:
        raise ValidationFailed(_("Choose the responsible department."), field="department")
    access.require(actor, code)
    if not may_hold_in(actor, code, department, owner):
        raise NotAllowed(
            _("The department “%(department)s” is outside your data scope.")
            % {"department": department},
            field="department",
        )
