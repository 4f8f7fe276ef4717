from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class StockTransfer(Document):
    """Moving stock between locations (INV-6: never more than is available at the source)."""

    NUMBER_PREFIX = "ST"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        post=("draft", "posted"),
        cancel=({"draft", "posted"}, "cancelled"),
    )

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    posting_date = models.DateField(_("posting date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stock transfer")
        verbose_name_plural = _("stock transfers")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "posted", "cancelled"]),
                name="transfer_state",
            ),
        ]


class StockTransferLine(models.Model):
    transfer = models.ForeignKey(StockTransfer, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    from_location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("from location"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("to location"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="transfer_quantity_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_location=models.F("to_location")), name="transfer_moves"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.quantity}"
