"""Opening stock (INV-1): goods taken into stock without a purchase contract — the quantities and
costs a company starts with, or stock found outside any purchase. Posted when created; cancelling
posts the reversal, refused once the goods were used (INV-6)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class OpeningStock(Document):
    NUMBER_PREFIX = "OB"

    class State(models.TextChoices):
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(cancel=("posted", "cancelled"))

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.POSTED)
    posting_date = models.DateField(_("posting date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    posted_at = models.DateTimeField(_("posted at"))

    class Meta:
        verbose_name = _("opening stock")
        verbose_name_plural = _("opening stock")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["posted", "cancelled"]), name="opening_state"
            ),
        ]


class OpeningStockLine(models.Model):
    opening = models.ForeignKey(OpeningStock, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=18, decimal_places=6)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="opening_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="opening_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.quantity}"
