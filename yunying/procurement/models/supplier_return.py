"""Returns to the supplier (PROC-5): part of a posted receipt's accepted quantity goes back.

A return is posted when it is made — the stock leaves the location the goods were received into,
at the unit cost the receipt posted them in — and the contract line counts the quantity as
returned instead of accepted, so the contract owes it again. Cancelling posts the reversal."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class SupplierReturn(Document):
    NUMBER_PREFIX = "SR"

    class State(models.TextChoices):
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(cancel=("posted", "cancelled"))

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.POSTED)
    receipt = models.ForeignKey(
        "procurement.GoodsReceipt",
        verbose_name=_("goods receipt"),
        on_delete=models.PROTECT,
        related_name="supplier_returns",
    )
    returned_on = models.DateField(_("returned on"))
    reason = models.CharField(_("reason"), max_length=300)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("return to the supplier")
        verbose_name_plural = _("returns to the supplier")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["posted", "cancelled"]),
                name="supplier_return_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="supplier_return_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def value(self) -> Decimal:
        """What the returned goods were worth at the receipt's cost (company currency)."""
        return sum((line.value for line in self.lines.all()), Decimal("0"))


class SupplierReturnLine(models.Model):
    supplier_return = models.ForeignKey(
        SupplierReturn, on_delete=models.CASCADE, related_name="lines"
    )
    receipt_line = models.ForeignKey(
        "procurement.GoodsReceiptLine", on_delete=models.PROTECT, related_name="return_lines"
    )
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    unit_cost = models.DecimalField(
        _("unit cost (company currency)"), max_digits=18, decimal_places=4
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="supplier_return_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_return.number}/{self.item_id}"

    @property
    def value(self) -> Decimal:
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))
