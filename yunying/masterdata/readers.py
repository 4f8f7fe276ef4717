"""Who reads the customers and suppliers through the API (ORG-2, ORG-4).

Those who may see them (masterdata.view_customer, masterdata.view_supplier) read them within
that permission's scope, and so do those whose work needs them, within the scope of the
permission for that work: whoever enters sales orders reads the customers they may enter
orders for, whoever manages purchase contracts the suppliers they may contract with. The
permission for the work is named by its code, so master data imports none of the apps above
it. Exporting the lists still needs the view permission itself: reading a record for one's work
is not the right to take the list away (ORG-4).
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Q, QuerySet

from yunying.core import access
from yunying.core.models import Employee

from .models import Customer, Supplier
from .permissions import VIEW_CUSTOMER, VIEW_SUPPLIER

Party = TypeVar("Party", Customer, Supplier)

# Entering sales orders (sales.manage_order) and managing purchase contracts
# (procurement.manage_contract) need the customers and suppliers they name.
ENTER_ORDERS = "sales.manage_order"
MANAGE_CONTRACTS = "procurement.manage_contract"

_READERS: dict[type[Customer] | type[Supplier], tuple[str, ...]] = {
    Customer: (VIEW_CUSTOMER, ENTER_ORDERS),
    Supplier: (VIEW_SUPPLIER, MANAGE_CONTRACTS),
}


def may_read(actor: Employee | None, model: type[Customer] | type[Supplier]) -> bool:
    return any(access.has_perm(actor, code) for code in _READERS[model])


def readable(queryset: QuerySet[Party], actor: Employee | None) -> QuerySet[Party]:
    """``queryset`` limited to the records one of the actor's reading permissions reaches."""
    condition = Q(pk__in=[])
    for code in _READERS[queryset.model]:
        if not access.has_perm(actor, code):
            continue
        reach = access.scope_filter(queryset.model, actor, code)
        if reach is None:
            return queryset
        condition |= reach
    return queryset.filter(condition)
