"""Writing warehouses and their locations (each of a kind: storage, receiving, returns,
quarantine)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.tx import transactional

from ..models import Location, Warehouse
from ..permissions import MANAGE_ITEMS
from . import fields as f

WAREHOUSE_FIELDS = ("name", "address", "active")
LOCATION_FIELDS = ("name", "kind", "active")


@transactional
def create_warehouse(
    *, code: str, name: str, address: str = "", actor: Employee | None
) -> Warehouse:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    warehouse = Warehouse(code=f.unique_code(Warehouse, code, _("warehouse")))
    return f.save(
        warehouse,
        f.clean(Warehouse, {"name": name, "address": address}),
        WAREHOUSE_FIELDS,
        actor,
        "masterdata.create_warehouse",
    )


@transactional
def update_warehouse(*, warehouse: Warehouse, actor: Employee, **fields: Any) -> Warehouse:
    access.require(actor, MANAGE_ITEMS)
    warehouse = Warehouse.objects.select_for_update(no_key=True).get(pk=warehouse.pk)
    return f.save(
        warehouse,
        f.clean(Warehouse, fields),
        WAREHOUSE_FIELDS,
        actor,
        "masterdata.update_warehouse",
    )


def _check_kind(kind: Any) -> None:
    if kind not in Location.Kind.values:
        raise ValidationFailed(_("Unknown kind of location."), field="kind")


@transactional
def create_location(
    *,
    warehouse: Warehouse,
    code: str,
    name: str,
    kind: str = Location.Kind.STORAGE,
    actor: Employee | None,
) -> Location:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("This field is required."), field="code")
    _check_kind(kind)
    if Location.objects.filter(warehouse=warehouse, code=code).exists():
        raise ValidationFailed(
            _("%(warehouse)s already has a location “%(code)s”.")
            % {"warehouse": warehouse, "code": code},
            field="code",
        )
    location = Location(warehouse=warehouse, code=code)
    return f.save(
        location,
        f.clean(Location, {"name": name, "kind": kind}),
        LOCATION_FIELDS,
        actor,
        "masterdata.create_location",
    )


@transactional
def update_location(*, location: Location, actor: Employee, **fields: Any) -> Location:
    access.require(actor, MANAGE_ITEMS)
    if "kind" in fields:
        _check_kind(fields["kind"])
    location = Location.objects.select_for_update(no_key=True).get(pk=location.pk)
    return f.save(
        location,
        f.clean(Location, fields),
        LOCATION_FIELDS,
        actor,
        "masterdata.update_location",
    )
