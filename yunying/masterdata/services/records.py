"""Writing master data: items, categories, warehouses and locations, suppliers, customers,
regions, contacts. Each write is validated, permission-checked and audited; protected records
(suppliers, customers) are changed only within the actor's data scope (ORG-4), and prices are
set only by those who may see them (ORG-4)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Department, Employee
from yunying.core.services import audit
from yunying.core.tx import transactional

from ..models import (
    Contact,
    Customer,
    Item,
    ItemCategory,
    Location,
    Region,
    Supplier,
    Warehouse,
)

MANAGE_ITEMS = "masterdata.manage_items"
VIEW_PRICES = "masterdata.view_prices"
VIEW_SUPPLIER = "masterdata.view_supplier"
MANAGE_SUPPLIER = "masterdata.manage_supplier"
VIEW_CUSTOMER = "masterdata.view_customer"
MANAGE_CUSTOMER = "masterdata.manage_customer"

M = TypeVar("M", bound=models.Model)

ITEM_FIELDS = (
    "name",
    "specification",
    "unit",
    "category",
    "safety_stock",
    "reorder_quantity",
    "lead_time_days",
    "default_supplier",
    "standard_cost",
    "sales_price",
    "planner",
    "active",
)
PRICE_FIELDS = ("standard_cost", "sales_price")
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
SUPPLIER_FIELDS = PARTY_FIELDS
CUSTOMER_FIELDS = (*PARTY_FIELDS, "kind", "region", "credit_limit")
WAREHOUSE_FIELDS = ("name", "address", "active")
LOCATION_FIELDS = ("name", "kind", "active")
CONTACT_FIELDS = ("name", "role", "phone", "email")
DECIMALS = {"safety_stock", "reorder_quantity", "standard_cost", "sales_price", "credit_limit"}
INTEGERS = {"lead_time_days", "payment_terms_days"}


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", name)))


def _clean(model: type[models.Model], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed strings, numbers parsed and not negative, required text present."""
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name in DECIMALS and value is not None:
            try:
                value = Decimal(str(value))
            except (InvalidOperation, ValueError):
                raise ValidationFailed(
                    _("%(field)s: enter a number.") % {"field": _label(model, name)}, field=name
                ) from None
            if not value.is_finite() or value < 0:
                raise ValidationFailed(
                    _("%(field)s cannot be negative.") % {"field": _label(model, name)}, field=name
                )
        if name in INTEGERS and value is not None:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationFailed(
                    _("%(field)s: enter a whole number.") % {"field": _label(model, name)},
                    field=name,
                ) from None
            if value < 0:
                raise ValidationFailed(
                    _("%(field)s cannot be negative.") % {"field": _label(model, name)}, field=name
                )
        clean[name] = value
    if "name" in clean and not clean["name"]:
        raise ValidationFailed(_("This field is required."), field="name")
    return clean


def _unique_code(model: type[models.Model], code: str, label: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("This field is required."), field="code")
    if model._default_manager.filter(code=code).exists():
        raise ValidationFailed(
            _("A %(what)s with code “%(code)s” exists.") % {"what": label, "code": code},
            field="code",
        )
    return code


def _validate(obj: models.Model, names: tuple[str, ...]) -> None:
    """The model's own field rules (lengths, choices, e-mail format) for the fields written:
    the database would refuse them anyway, less politely."""
    checked = {*names, "code"}
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation or f.name not in checked]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            raise ValidationFailed(
                f"{_label(type(obj), name)}: {problems[0]}", field=name
            ) from None


def _save(
    obj: M,
    fields: Mapping[str, Any],
    names: tuple[str, ...],
    actor: Employee | None,
    action: str,
    clause: str = "",
) -> M:
    written = [n for n in names if n in fields]
    before = audit.snapshot(obj, written) if obj.pk else {}
    for name, value in fields.items():
        if name not in names:
            raise ValidationFailed(_("Unknown field “%(field)s”.") % {"field": name}, field=name)
        setattr(obj, name, value)
    _validate(obj, tuple(written))
    obj.save()
    after = audit.snapshot(obj, written)
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes=audit.diff(
            {k: _plain(v) for k, v in before.items()}, {k: _plain(v) for k, v in after.items()}
        ),
        clause=clause,
    )
    return obj


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


# ----------------------------------------------------------------------------- items


@transactional
def create_category(*, code: str, name: str, actor: Employee | None) -> ItemCategory:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    category = ItemCategory(code=_unique_code(ItemCategory, code, _("category")))
    return _save(
        category,
        _clean(ItemCategory, {"name": name}),
        ("name",),
        actor,
        "masterdata.create_category",
    )


def _check_item_fields(
    actor: Employee | None, fields: Mapping[str, Any], item: Item | None
) -> None:
    """Prices are set only by those who may see them; the default supplier is one the actor
    may see (ORG-4)."""
    if actor is None:
        return
    if any(fields.get(name) is not None for name in PRICE_FIELDS) and not access.has_perm(
        actor, VIEW_PRICES
    ):
        raise NotAllowed(
            _("Only those who may see prices may set them."),
            field=next(name for name in PRICE_FIELDS if fields.get(name) is not None),
            clause="ORG-4",
        )
    supplier = fields.get("default_supplier")
    if (
        supplier is not None
        and (item is None or supplier.pk != item.default_supplier_id)
        and not access.in_scope(actor, VIEW_SUPPLIER, supplier)
    ):
        raise ValidationFailed(
            _("Choose a supplier within your data scope."), field="default_supplier"
        )


@transactional
def create_item(*, code: str, actor: Employee | None, **fields: Any) -> Item:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    fields = {k: v for k, v in fields.items() if not (k in PRICE_FIELDS and v is None)}
    _check_item_fields(actor, fields, None)
    item = Item(code=_unique_code(Item, code, _("item")))
    if "category" not in fields or fields["category"] is None:
        raise ValidationFailed(_("Choose a category."), field="category")
    return _save(item, _clean(Item, fields), ITEM_FIELDS, actor, "masterdata.create_item")


@transactional
def update_item(*, item: Item, actor: Employee, **fields: Any) -> Item:
    """Change an item; a price given as ``None`` keeps the current price."""
    access.require(actor, MANAGE_ITEMS)
    fields = {k: v for k, v in fields.items() if not (k in PRICE_FIELDS and v is None)}
    if "category" in fields and fields["category"] is None:
        raise ValidationFailed(_("Choose a category."), field="category")
    item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
    _check_item_fields(actor, fields, item)
    return _save(item, _clean(Item, fields), ITEM_FIELDS, actor, "masterdata.update_item")


# ----------------------------------------------------------------------------- warehouses


@transactional
def create_warehouse(
    *, code: str, name: str, address: str = "", actor: Employee | None
) -> Warehouse:
    if actor is not None:
        access.require(actor, MANAGE_ITEMS)
    warehouse = Warehouse(code=_unique_code(Warehouse, code, _("warehouse")))
    return _save(
        warehouse,
        _clean(Warehouse, {"name": name, "address": address}),
        WAREHOUSE_FIELDS,
        actor,
        "masterdata.create_warehouse",
    )


@transactional
def update_warehouse(*, warehouse: Warehouse, actor: Employee, **fields: Any) -> Warehouse:
    access.require(actor, MANAGE_ITEMS)
    warehouse = Warehouse.objects.select_for_update(no_key=True).get(pk=warehouse.pk)
    return _save(
        warehouse,
        _clean(Warehouse, fields),
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
    return _save(
        location,
        _clean(Location, {"name": name, "kind": kind}),
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
    return _save(
        location,
        _clean(Location, fields),
        LOCATION_FIELDS,
        actor,
        "masterdata.update_location",
    )


# ----------------------------------------------------------------------------- parties


def may_hold_in(actor: Employee, code: str, department: Department, owner: Employee | None) -> bool:
    return access.may_hold(actor, code, department, owner)


def _party_scope(
    actor: Employee | None, code: str, department: Department | None, owner: Employee | None
) -> None:
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


@transactional
def create_supplier(*, code: str, actor: Employee | None, **fields: Any) -> Supplier:
    _party_scope(actor, MANAGE_SUPPLIER, fields.get("department"), fields.get("owner"))
    supplier = Supplier(code=_unique_code(Supplier, code, _("supplier")))
    return _save(
        supplier,
        _clean(Supplier, fields),
        SUPPLIER_FIELDS,
        actor,
        "masterdata.create_supplier",
        "ORG-4",
    )


@transactional
def update_supplier(*, supplier: Supplier, actor: Employee, **fields: Any) -> Supplier:
    access.require_in_scope(actor, MANAGE_SUPPLIER, supplier)
    if "department" in fields or "owner" in fields:
        _party_scope(
            actor,
            MANAGE_SUPPLIER,
            fields.get("department", supplier.department),
            fields.get("owner", supplier.owner),
        )
    supplier = Supplier.objects.select_for_update(no_key=True).get(pk=supplier.pk)
    return _save(
        supplier,
        _clean(Supplier, fields),
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


def _check_customer_kind(fields: Mapping[str, Any]) -> None:
    if "kind" in fields and fields["kind"] not in Customer.Kind.values:
        raise ValidationFailed(_("Choose direct customer or distributor."), field="kind")


@transactional
def create_customer(*, code: str, actor: Employee | None, **fields: Any) -> Customer:
    _party_scope(actor, MANAGE_CUSTOMER, fields.get("department"), fields.get("owner"))
    if fields.get("region") is None:
        raise ValidationFailed(_("Choose the customer's region."), field="region")
    _check_customer_kind(fields)
    customer = Customer(code=_unique_code(Customer, code, _("customer")))
    return _save(
        customer,
        _clean(Customer, fields),
        CUSTOMER_FIELDS,
        actor,
        "masterdata.create_customer",
        "ORG-4",
    )


@transactional
def update_customer(*, customer: Customer, actor: Employee, **fields: Any) -> Customer:
    access.require_in_scope(actor, MANAGE_CUSTOMER, customer)
    if "department" in fields or "owner" in fields:
        _party_scope(
            actor,
            MANAGE_CUSTOMER,
            fields.get("department", customer.department),
            fields.get("owner", customer.owner),
        )
    if "region" in fields and fields["region"] is None:
        raise ValidationFailed(_("Choose the customer's region."), field="region")
    _check_customer_kind(fields)
    customer = Customer.objects.select_for_update(no_key=True).get(pk=customer.pk)
    return _save(
        customer,
        _clean(Customer, fields),
        CUSTOMER_FIELDS,
        actor,
        "masterdata.update_customer",
        "ORG-4",
    )


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
        code=_unique_code(Region, code, _("region")),
        name=(name or "").strip(),
        parent=parent,
        manager=manager,
    )
    if not region.name:
        raise ValidationFailed(_("This field is required."), field="name")
    _validate(region, ("name",))
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


# ----------------------------------------------------------------------------- contacts


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
    fields = _clean(Contact, {"name": name, "role": role, "phone": phone, "email": email})
    contact = Contact(
        supplier=party if isinstance(party, Supplier) else None,
        customer=party if isinstance(party, Customer) else None,
        **fields,
    )
    _validate(contact, CONTACT_FIELDS)
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
