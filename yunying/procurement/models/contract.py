"""Purchase contracts (PROC-3, PROC-4): made by procurement from approved plan lines."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class PurchaseContract(Document):
    NUMBER_PREFIX = "PO"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval beyond plan")
        RETURNED = "returned", _("returned for changes")
        SIGNED = "signed", _("signed, awaiting delivery")
        PARTIAL = "partial", _("partly received")
        RECEIVED = "received", _("received in full")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        sign=({"draft", "returned"}, "signed"),
        submit=({"draft", "returned"}, "submitted"),
        approve=("submitted", "signed"),
        reject=("submitted", "returned"),
        send_back=("submitted", "returned"),
        withdraw=("submitted", "draft"),
        receive_part=({"signed", "partial", "received"}, "partial"),
        receive_all=({"signed", "partial"}, "received"),
        unreceive=({"partial", "received"}, "signed"),
        cancel=({"draft", "returned", "signed"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft", "returned"})
    OPEN_STATES = frozenset({"signed", "partial"})

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    supplier = models.ForeignKey(
        "masterdata.Supplier",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    exchange_rate = models.DecimalField(
        _("exchange rate to the company currency"),
        max_digits=18,
        decimal_places=8,
        default=Decimal("1"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    follower = models.ForeignKey(
        "core.Employee",
        verbose_name=_("delivery followed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("purchase contract")
        verbose_name_plural = _("purchase contracts")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "signed",
                        "partial",
                        "received",
                        "cancelled",
                    ]
                ),
                name="purchase_contract_state",
            ),
            models.CheckConstraint(
                condition=models.Q(exchange_rate__gt=0), name="contract_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class ContractLine(models.Model):
    contract = models.ForeignKey(PurchaseContract, on_delete=models.CASCADE, related_name="lines")
    plan_line = models.ForeignKey(
        "procurement.PurchasePlanLine",
        verbose_name=_("plan line"),
        on_delete=models.PROTECT,
        related_name="contract_lines",
    )
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=18, decimal_places=4)
    delivery_date = models.DateField(_("delivery date"))
    received_quantity = models.DecimalField(
        _("received"), default=Decimal("0"), max_digits=18, decimal_places=3
    )
    accepted_quantity = models.DecimalField(
        _("accepted"), default=Decimal("0"), max_digits=18, decimal_places=3
    )
    rejected_quantity = models.DecimalField(
        _("rejected"), default=Decimal("0"), max_digits=18, decimal_places=3
    )
    # Accepted, then returned to the supplier: no longer counted accepted, owed again.
    returned_quantity = models.DecimalField(
        _("returned"), default=Decimal("0"), max_digits=18, decimal_places=3
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="contract_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="contract_price_not_negative"
            ),
            # PROC-5 in the database too: never more accepted than contracted.
            models.CheckConstraint(
                condition=models.Q(
                    accepted_quantity__lte=models.F("quantity"), accepted_quantity__gte=0
                ),
                name="accepted_within_contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}/{self.item_id}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))

    @property
    def unit_price_in_company_currency(self) -> Decimal:
        return self.unit_price * self.contract.exchange_rate

    @property
    def beyond_approved_price(self) -> bool:
        """PROC-2: the unit price, in the company currency, is above the price its plan line was
        approved at (plans are estimated in the company currency)."""
        return self.unit_price_in_company_currency > self.plan_line.estimated_price

    @property
    def open_quantity(self) -> Decimal:
        """What the supplier still owes: rejected goods do not fulfil the contract."""
        return self.quantity - self.accepted_quantity
