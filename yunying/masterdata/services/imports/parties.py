"""The suppliers and customers imports: their sheets, and new codes created, existing ones
updated, within the actor's data scope for managing them (ORG-4)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.models import Department, Employee

from ...models import Customer, Region, Supplier
from ...permissions import MANAGE_CUSTOMER, MANAGE_SUPPLIER
from .. import customers, suppliers
from .cells import Row
from .lookups import by_code, codes, employees, unique_codes
from .reading import Raw, read_rows
from .results import ImportResult, RowError
from .sheets import DAYS, NAME, NOT_NEGATIVE, Column, Sheet
from .writing import Parsed, upsert

_CONTACT = (
    Column("contact_person", gettext_lazy("Contact person"), False, "王经理"),
    Column("phone", gettext_lazy("Phone"), False, "0551-62001234"),
    Column("email", gettext_lazy("Email"), False, "sales@example.com"),
    Column("address", gettext_lazy("Address"), False, "合肥市高新区创新大道 100 号"),
)
_TERMS = Column("payment_terms_days", gettext_lazy("Payment terms (days)"), False, 30, DAYS)
_DEPARTMENT_HINT = gettext_lazy("the code of a department within your data scope")
_OWNER_HINT = gettext_lazy("the username of an active employee")

SUPPLIERS = Sheet(
    "suppliers",
    gettext_lazy("Suppliers"),
    MANAGE_SUPPLIER,
    (
        Column("code", gettext_lazy("Supplier code"), True, "S100"),
        Column("name", NAME, True, "示例光伏材料有限公司"),
        *_CONTACT,
        _TERMS,
        Column(
            "department",
            gettext_lazy("Responsible department code"),
            True,
            "PROC",
            _DEPARTMENT_HINT,
        ),
        Column("owner", gettext_lazy("Responsible person (username)"), False, "buyer", _OWNER_HINT),
    ),
)

CUSTOMERS = Sheet(
    "customers",
    gettext_lazy("Customers"),
    MANAGE_CUSTOMER,
    (
        Column("code", gettext_lazy("Customer code"), True, "C100"),
        Column("name", NAME, True, "示例新能源工程有限公司"),
        Column(
            "kind",
            gettext_lazy("Type"),
            False,
            "直销",
            gettext_lazy("direct or distributor (直销 or 经销商); empty means direct"),
        ),
        Column(
            "region",
            gettext_lazy("Region code"),
            True,
            "SH",
            gettext_lazy("the code of an existing sales region"),
        ),
        Column("credit_limit", gettext_lazy("Credit limit"), False, 500000, NOT_NEGATIVE),
        _TERMS,
        *_CONTACT,
        Column(
            "department", gettext_lazy("Responsible department code"), True, "OPS", _DEPARTMENT_HINT
        ),
        Column(
            "owner",
            gettext_lazy("Responsible person (username)"),
            False,
            "ops_specialist",
            _OWNER_HINT,
        ),
    ),
)

Tables = Mapping[str, Mapping[str, Any]]


def import_suppliers(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Suppliers: create new codes, update existing ones, within the actor's scope for
    masterdata.manage_supplier (ORG-4)."""
    access.require(actor, MANAGE_SUPPLIER)
    return _import(
        file,
        SUPPLIERS,
        Supplier,
        lambda row, tables: _party_values(row, Supplier, tables),
        create=suppliers.create_supplier,
        update=suppliers.update_supplier,
        target="supplier",
        actor=actor,
    )


def import_customers(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Customers: create new codes, update existing ones, within the actor's scope for
    masterdata.manage_customer (ORG-4)."""
    access.require(actor, MANAGE_CUSTOMER)
    return _import(
        file,
        CUSTOMERS,
        Customer,
        _customer_values,
        create=customers.create_customer,
        update=customers.update_customer,
        target="customer",
        actor=actor,
    )


def _import(
    file: IO[bytes] | str,
    sheet: Sheet,
    model: type[Supplier] | type[Customer],
    values_of: Callable[[Row, Tables], dict[str, Any]],
    *,
    create: Callable[..., object],
    update: Callable[..., object],
    target: str,
    actor: Employee,
) -> ImportResult:
    errors: list[RowError] = []
    raws = read_rows(file, sheet, errors)
    if errors:
        return ImportResult(errors=errors)
    tables = _tables(raws, with_regions=model is Customer)
    existing = by_code(model, codes(raws, "code"))
    parsed: Parsed = []
    for raw in raws:
        row = Row(sheet, raw, errors)
        code = row.text("code", model)
        values = values_of(row, tables)
        if code:
            parsed.append((row, code, values))
    unique_codes([(row, code) for row, code, _values in parsed])
    if errors:
        return ImportResult(errors=errors)
    return upsert(sheet, parsed, existing, create=create, update=update, target=target, actor=actor)


def _tables(raws: list[Raw], *, with_regions: bool) -> dict[str, Mapping[str, Any]]:
    """The departments, owners (and regions) the rows name."""
    tables: dict[str, Mapping[str, Any]] = {
        "department": by_code(Department, codes(raws, "department")),
        "owner": employees(raws, "owner"),
    }
    if with_regions:
        tables["region"] = by_code(Region, codes(raws, "region"))
    return tables


def _party_values(
    row: Row, model: type[Supplier] | type[Customer], tables: Tables
) -> dict[str, Any]:
    return {
        "name": row.text("name", model),
        "contact_person": row.text("contact_person", model),
        "phone": row.text("phone", model),
        "email": row.email("email"),
        "address": row.text("address", model),
        "payment_terms_days": row.integer("payment_terms_days"),
        "department": row.lookup(
            "department", tables["department"], _("No department has the code “%(code)s”.")
        ),
        "owner": row.lookup(
            "owner", tables["owner"], _("No active employee has the username “%(code)s”.")
        ),
    }


def _customer_values(row: Row, tables: Tables) -> dict[str, Any]:
    return {
        **_party_values(row, Customer, tables),
        "kind": row.kind("kind"),
        "region": row.lookup("region", tables["region"], _("No region has the code “%(code)s”.")),
        "credit_limit": row.decimal("credit_limit", places=2),
    }
