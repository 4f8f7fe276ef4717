"""Master data: items (components), warehouses and locations, suppliers, customers, regions."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import ScopedModel

ZERO = Decimal("0")


class ItemCategory(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("item category")
        verbose_name_plural = _("item categories")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A component the company buys, stocks and sells (PV module, inverter, connector …)."""

    code = models.CharField(_("item code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    specification = models.CharField(_("specification"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=20, default="pcs")
    category = models.ForeignKey(
        ItemCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    safety_stock = models.DecimalField(
        _("safety stock"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=18,
        decimal_places=3,
    )
    reorder_quantity = models.DecimalField(
        _("reorder quantity"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=18,
        decimal_places=3,
    )
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=0)
    default_supplier = models.ForeignKey(
        "masterdata.Supplier",
        verbose_name=_("default supplier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    standard_cost = models.DecimalField(
        _("standard cost"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=18,
        decimal_places=4,
    )
    sales_price = models.DecimalField(
        _("list price"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=18,
        decimal_places=4,
    )
    planner = models.ForeignKey(
        "core.Employee",
        verbose_name=_("responsible specialist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Receives the replenishment alerts of this item."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering: ClassVar = ["code"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    safety_stock__gte=0, reorder_quantity__gte=0, standard_cost__gte=0
                ),
                name="item_quantities_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Warehouse(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    class Kind(models.TextChoices):
        STORAGE = "storage", _("storage")
        RECEIVING = "receiving", _("receiving")
        RETURNS = "returns", _("returns")
        QUARANTINE = "quarantine", _("quarantine")

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="locations"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STORAGE)
    active = models.BooleanField(_("active"), default=True)
    # The stocktake counting this location now (INV-5): stock here is frozen until it is
    # posted. Kept on the row itself so that a posting, which holds a shared lock on the row
    # while it posts, reads the freeze fresh in the same statement.
    counted_by = models.CharField(_("being counted by"), max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering: ClassVar = ["warehouse__code", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["warehouse", "code"], name="unique_location_code"),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse.code}/{self.code}"


class Party(ScopedModel):
    """What suppliers and customers share. Both are protected data (ORG-4): visible only to
    positions granted them, within their data scope (the owning department and person)."""

    SCOPE_DEPARTMENT = "department"
    SCOPE_OWNER = "owner"

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    payment_terms_days = models.PositiveIntegerField(_("payment terms (days)"), default=30)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        "core.Employee",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Supplier(Party):
    blocked = models.BooleanField(_("blocked"), default=False)
    block_reason = models.CharField(_("reason for blocking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering: ClassVar = ["code"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(blocked=False) | ~models.Q(block_reason=""),
                name="blocked_supplier_has_reason",
            ),
        ]


class Region(models.Model):
    """Sales regions form a tree (SALES-6); ``path`` is the materialised path of ids."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    manager = models.ForeignKey(
        "core.Employee",
        verbose_name=_("regional manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering: ClassVar = ["path"]

    def __str__(self) -> str:
        return self.name


class Customer(Party):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("direct customer")
        DISTRIBUTOR = "distributor", _("distributor")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.DIRECT)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="customers"
    )
    credit_limit = models.DecimalField(
        _("credit limit"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=18,
        decimal_places=2,
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering: ClassVar = ["code"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(credit_limit__gte=0), name="customer_credit_not_negative"
            ),
        ]


class Contact(models.Model):
    """A contact person of a supplier or a customer."""

    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(supplier__isnull=False, customer__isnull=True)
                | models.Q(supplier__isnull=True, customer__isnull=False),
                name="contact_of_one_party",
            ),
        ]

    def __str__(self) -> str:
        return self.name
