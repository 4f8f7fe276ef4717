"""Writing suppliers, within the actor's data scope (ORG-4), and blocking them from new
contracts (PROC-7)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional

from ..models import Supplier
from ..permissions import MANAGE_SUPPLIER
from . import fields as f
from .parties import PARTY_FIELDS, check_scope

SUPPLIER_FIELDS = PARTY_FIELDS


@transactional
def create_supplier(*, code: str, actor: Employee | None, **fields: Any) -> Supplier:
    check_scope(actor, MANAGE_SUPPLIER, fields.get("department"), fields.get("owner"))
    supplier = Supplier(code=f.unique_code(Supplier, code, _("supplier")))
    return f.save(
        supplier,
        f.clean(Supplier, fields),
        SUPPLIER_FIELDS,
        actor,
        "masterdata.create_supplier",
        "ORG-4",
    )


@transactional
def update_supplier(*, supplier: Supplier, actor: Employee, **fields: Any) -> Supplier:
    access.require_in_scope(actor, MANAGE_SUPPLIER, supplier)
    if "department" in fields or "owner" in fields:
        check_scope(
            actor,
            MANAGE_SUPPLIER,
            fields.get("department", supplier.department),
            fields.get("owner", supplier.owner),
        )
    supplier = Supplier.objects.select_for_update(no_key=True).get(pk=supplier.pk)
    return f.save(
        supplier,
        f.clean(Supplier, fields),
        SUPPLIER_FIELDS,
        actor,
        "masterdata.update_supplier",
        "ORG-4",
    )


@transactional
def set_supplier_blocked(
    *, supplier: Supplier, blocked: bool, reason: str = "", actor: Employee
) -> Supplier:
    """Block a supplier from new contracts, with the reason (PROC-7); or lift the block."""
    access.require_in_scope(actor, MANAGE_SUPPLIER, supplier)
    reason = (reason or "").strip()
    if blocked and not reason:
        raise ValidationFailed(
            _("Give the reason for blocking the supplier."), field="reason", clause="PROC-7"
        )
    limit = Supplier._meta.get_field("block_reason").max_length or 300
    if len(reason) > limit:
        raise ValidationFailed(
            _("Keep the reason within %(n)s characters.") % {"n": limit}, field="reason"
        )
    supplier = Supplier.objects.select_for_update(no_key=True).get(pk=supplier.pk)
    before = {"blocked": supplier.blocked, "reason": supplier.block_reason}
    supplier.blocked, supplier.block_reason = blocked, reason if blocked else ""
    supplier.save(update_fields=["blocked", "block_reason"])
    audit.record(
        actor=actor,
        action="masterdata.block_supplier" if blocked else "masterdata.unblock_supplier",
        obj=supplier,
        changes=audit.diff(before, {"blocked": blocked, "reason": supplier.block_reason}),
        clause="PROC-7",
    )
    return supplier
