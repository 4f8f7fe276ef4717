"""Receivables and payments (SALES-5, SALES-8)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document

from .order import ZERO


class Receivable(Document):
    """What a customer owes for a delivery, due by the payment terms."""

    NUMBER_PREFIX = "AR"
    SCOPE_DEPARTMENT = "order__department"
    SCOPE_OWNER = "order__created_by"

    class State(models.TextChoices):
        OPEN = "open", _("open")
        PARTIAL = "partial", _("partly paid")
        SETTLED = "settled", _("settled")

    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="receivables",
    )
    region = models.ForeignKey(
        "masterdata.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        "sales.SalesOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="receivables",
    )
    delivery = models.OneToOneField(
        "sales.Delivery",
        verbose_name=_("delivery"),
        on_delete=models.PROTECT,
        related_name="receivable",
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    invoice_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    credited = models.DecimalField(
        _("credited (returns)"), default=ZERO, max_digits=18, decimal_places=2
    )
    paid = models.DecimalField(_("paid"), default=ZERO, max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        ordering: ClassVar = ["due_date", "id"]
        indexes: ClassVar = [
            models.Index(fields=["customer", "state"]),
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["due_date", "id"]),  # the list's order
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["open", "partial", "settled"]),
                name="receivable_state",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    paid__gte=0,
                    credited__gte=0,
                    amount__gte=models.F("paid") + models.F("credited"),
                ),
                name="receivable_not_overpaid",
            ),
        ]

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.credited - self.paid


class Payment(Document):
    """Money received from a customer, allocated to its receivables."""

    NUMBER_PREFIX = "RC"
    SCOPE_DEPARTMENT = "department"
    SCOPE_OWNER = "created_by"

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("bank transfer")
        ACCEPTANCE = "acceptance", _("bank acceptance bill")
        CASH = "cash", _("cash")
        OTHER = "other", _("other")

    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.TRANSFER
    )
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering: ClassVar = ["-received_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["received_on", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.receivable_id}: {self.amount}"
