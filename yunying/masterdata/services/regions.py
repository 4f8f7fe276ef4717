"""Writing the sales regions: a tree, each region under its parent (SALES-6)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional

from ..models import Region
from ..permissions import MANAGE_CUSTOMER
from . import fields as f


@transactional
def create_region(
    *,
    code: str,
    name: str,
    parent: Region | None,
    manager: Employee | None = None,
    actor: Employee | None,
) -> Region:
    if actor is not None:
        access.require(actor, MANAGE_CUSTOMER)
    region = Region(
        code=f.unique_code(Region, code, _("region")),
        name=(name or "").strip(),
        parent=parent,
        manager=manager,
    )
    if not region.name:
        raise ValidationFailed(_("This field is required."), field="name")
    f.validate(region, ("name",))
    region.save()
    region.path = f"{parent.path if parent else '/'}{region.pk}/"
    region.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="masterdata.create_region",
        obj=region,
        changes={"code": region.code, "parent": parent.code if parent else None},
        clause="SALES-6",
    )
    return region
