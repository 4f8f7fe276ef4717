"""Writing customers, within the actor's data scope (ORG-4); each belongs to a sales region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.tx import transactional

from ..models import Customer
from ..permissions import MANAGE_CUSTOMER
from . import fields as f
from .parties import PARTY_FIELDS, check_scope

CUSTOMER_FIELDS = (*PARTY_FIELDS, "kind", "region", "credit_limit")


def _check_customer_kind(fields: Mapping[str, Any]) -> None:
    if "kind" in fields and fields["kind"] not in Customer.Kind.values:
        raise ValidationFailed(_("Choose direct customer or distributor."), field="kind")


@transactional
def create_customer(*, code: str, actor: Employee | None, **fields: Any) -> Customer:
    check_scope(actor, MANAGE_CUSTOMER, fields.get("department"), fields.get("owner"))
    if fields.get("region") is None:
        raise ValidationFailed(_("Choose the customer's region."), field="region")
    _check_customer_kind(fields)
    customer = Customer(code=f.unique_code(Customer, code, _("customer")))
    return f.save(
        customer,
        f.clean(Customer, fields),
        CUSTOMER_FIELDS,
        actor,
        "masterdata.create_customer",
        "ORG-4",
    )


@transactional
def update_customer(*, customer: Customer, actor: Employee, **fields: Any) -> Customer:
    access.require_in_scope(actor, MANAGE_CUSTOMER, customer)
    if "department" in fields or "owner" in fields:
        check_scope(
            actor,
            MANAGE_CUSTOMER,
            fields.get("department", customer.department),
            fields.get("owner", customer.owner),
        )
    if "region" in fields and fields["region"] is None:
        raise ValidationFailed(_("Choose the customer's region."), field="region")
    _check_customer_kind(fields)
    customer = Customer.objects.select_for_update(no_key=True).get(pk=customer.pk)
    return f.save(
        customer,
        f.clean(Customer, fields),
        CUSTOMER_FIELDS,
        actor,
        "masterdata.update_customer",
        "ORG-4",
    )
