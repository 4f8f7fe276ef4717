"""Goods receipts with inspection (PROC-5, PROC-6): per contract line, received, accepted and
rejected with a reason; only the accepted quantity enters stock, in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class GoodsReceipt(Document):
    NUMBER_PREFIX = "GR"

    class State(models.TextChoices):
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(cancel=("posted", "cancelled"))

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.POSTED)
    contract = models.ForeignKey(
        "procurement.PurchaseContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("received into"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        ordering: ClassVar = ["-received_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["received_on", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["posted", "cancelled"]), name="receipt_state"
            ),
        ]


class GoodsReceiptLine(models.Model):
    class ReturnState(models.TextChoices):
        NONE = "", _("nothing rejected")
        PENDING = "pending", _("to be returned")
        RETURNED = "returned", _("returned to the supplier")

    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.CASCADE, related_name="lines")
    contract_line = models.ForeignKey(
        "procurement.ContractLine", on_delete=models.PROTECT, related_name="receipt_lines"
    )
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    received_quantity = models.DecimalField(_("received"), max_digits=18, decimal_places=3)
    accepted_quantity = models.DecimalField(_("accepted"), max_digits=18, decimal_places=3)
    rejected_quantity = models.DecimalField(_("rejected"), max_digits=18, decimal_places=3)
    reject_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    unit_cost = models.DecimalField(
        _("unit cost (company currency)"), max_digits=18, decimal_places=4
    )
    return_state = models.CharField(
        _("return"),
        max_length=10,
        choices=ReturnState.choices,
        default=ReturnState.NONE,
        blank=True,
    )
    # Accepted goods sent back to the supplier later (procurement.SupplierReturn).
    returned_quantity = models.DecimalField(
        _("returned after acceptance"), default=Decimal("0"), max_digits=18, decimal_places=3
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    returned_quantity__gte=0,
                    returned_quantity__lte=models.F("accepted_quantity"),
                ),
                name="returned_within_accepted",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    received_quantity=models.F("accepted_quantity") + models.F("rejected_quantity"),
                    accepted_quantity__gte=0,
                    rejected_quantity__gte=0,
                    received_quantity__gt=0,
                ),
                name="received_is_accepted_plus_rejected",
            ),
            models.CheckConstraint(
                condition=models.Q(rejected_quantity=0) | ~models.Q(reject_reason=""),
                name="rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt.number}/{self.item_id}"

    @property
    def accepted_value(self) -> Decimal:
        return (self.accepted_quantity * self.unit_cost).quantize(Decimal("0.01"))
