"""The stock ledger (INV-1): append-only entries, a balance per (item, location) kept in the
same transaction, reservations, safety-stock alerts and closed periods."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


class LedgerKind(models.TextChoices):
    OPENING = "opening", _("opening stock")
    RECEIPT = "receipt", _("goods receipt")
    ISSUE = "issue", _("issue")
    SHIPMENT = "shipment", _("shipment")
    RETURN = "return", _("customer return")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    TRANSFER_IN = "transfer_in", _("transfer in")
    ADJUSTMENT = "adjustment", _("stocktake adjustment")
    REVERSAL = "reversal", _("reversal")


class StockLedgerEntry(models.Model):
    """One stock movement of one item at one location. Rows are never updated or deleted: a
    cancelled document posts reversing rows (database triggers refuse changes, too)."""

    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=LedgerKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=18, decimal_places=6)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    posting_date = models.DateField(_("posting date"))
    posted_at = models.DateTimeField(_("posted at"))
    source_type = models.CharField(_("document type"), max_length=60)
    source_id = models.PositiveBigIntegerField()
    source_number = models.CharField(_("document"), max_length=40)
    source_line = models.PositiveBigIntegerField(null=True, blank=True)
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    actor = models.ForeignKey(
        "core.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("stock ledger entry")
        verbose_name_plural = _("stock ledger entries")
        ordering: ClassVar = ["-posted_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["item", "location", "id"]),
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["kind", "posting_date"]),
            models.Index(fields=["item", "posting_date"]),
            # the ledger's order (newest first), whole and of one item: keyset pages
            models.Index(fields=["posted_at", "id"]),
            models.Index(fields=["item", "posted_at", "id"]),
            # the ledger page's other sorts (core.lists): keyset pages down these
            models.Index(fields=["posting_date", "id"], name="ledger_posting_date_id"),
            models.Index(fields=["source_number", "id"], name="ledger_source_number_id"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(quantity=0), name="ledger_quantity_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_number} {self.item_id}@{self.location_id} {self.quantity}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("stock ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("stock ledger entries are append-only")


class StockBalance(models.Model):
    """On hand, reserved and value of an item at a location: the sum of its ledger (quantity and
    value) and of its active reservations, changed only under a row lock with the ledger."""

    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="balances"
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="balances",
    )
    on_hand = models.DecimalField(_("on hand"), default=ZERO, max_digits=18, decimal_places=3)
    reserved = models.DecimalField(_("reserved"), default=ZERO, max_digits=18, decimal_places=3)
    value = models.DecimalField(_("value"), default=ZERO, max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        ordering: ClassVar = ["item", "location"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["item", "location"], name="one_balance_per_item_location"
            ),
            # INV-6 in the database too: whatever path writes, stock never goes negative.
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="on_hand_not_negative"),
            models.CheckConstraint(
                condition=models.Q(reserved__gte=0, reserved__lte=models.F("on_hand")),
                name="reserved_within_on_hand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}@{self.location_id}: {self.on_hand}"

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def average_cost(self) -> Decimal:
        return self.value / self.on_hand if self.on_hand else ZERO


class StockReservation(models.Model):
    """Stock set aside for a document line (a sales order line) at a location."""

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        RELEASED = "released", _("released")
        CONSUMED = "consumed", _("consumed")

    item = models.ForeignKey("masterdata.Item", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey("masterdata.Location", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    source_type = models.CharField(max_length=60)
    source_id = models.PositiveBigIntegerField()
    source_number = models.CharField(max_length=40)
    source_line = models.PositiveBigIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stock reservation")
        verbose_name_plural = _("stock reservations")
        indexes: ClassVar = [
            models.Index(fields=["source_type", "source_line", "state"]),
            models.Index(fields=["item", "location", "state"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="reservation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_number}: {self.quantity}"


class StockAlert(models.Model):
    """A replenishment alert (INV-4): raised once when available stock falls below safety stock,
    cleared when it recovers. At most one open alert per item."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLEARED = "cleared", _("cleared")

    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="alerts"
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    available_at_raise = models.DecimalField(
        _("available when raised"), max_digits=18, decimal_places=3
    )
    safety_stock = models.DecimalField(_("safety stock"), max_digits=18, decimal_places=3)
    raised_at = models.DateTimeField(_("raised at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stock alert")
        verbose_name_plural = _("stock alerts")
        ordering: ClassVar = ["-raised_at"]
        indexes: ClassVar = [models.Index(fields=["raised_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(state="open"), name="one_open_alert_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.state}"


class StockPeriod(models.Model):
    """A closed month: nothing is posted with a posting date inside it."""

    year = models.PositiveIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("closed stock period")
        verbose_name_plural = _("closed stock periods")
        ordering: ClassVar = ["-year", "-month"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "month"], name="one_close_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"
