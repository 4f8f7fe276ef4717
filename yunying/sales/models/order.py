"""Sales orders (SALES-1, SALES-7): entered as draft, validated, confirmed by an ops specialist
with stock reserved; beyond the customer's credit limit the manager approves first."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table

ZERO = Decimal("0")


class SalesOrder(Document):
    NUMBER_PREFIX = "SO"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CREDIT_REVIEW = "credit_review", _("awaiting credit approval")
        CONFIRMED = "confirmed", _("confirmed")
        PARTIAL = "partial", _("partly delivered")
        DELIVERED = "delivered", _("delivered")
        CLOSED = "closed", _("closed: delivered and settled")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        submit=("draft", "credit_review"),
        approve=("credit_review", "confirmed"),
        reject=("credit_review", "draft"),
        send_back=("credit_review", "draft"),
        withdraw=("credit_review", "draft"),
        confirm=("draft", "confirmed"),
        deliver_part=({"confirmed", "partial"}, "partial"),
        deliver_all=({"confirmed", "partial"}, "delivered"),
        close=("delivered", "closed"),
        reopen=({"delivered", "closed"}, "partial"),
        cancel=({"draft", "confirmed"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft"})
    OPEN_STATES = frozenset({"confirmed", "partial"})

    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    region = models.ForeignKey(
        "masterdata.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.DRAFT)
    order_date = models.DateField(_("order date"))
    promised_date = models.DateField(_("promised delivery date"))
    customer_reference = models.CharField(_("customer's order number"), max_length=60, blank=True)
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    amount = models.DecimalField(_("amount"), default=ZERO, max_digits=18, decimal_places=2)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "core.Employee",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    promotion = models.ForeignKey(
        "crm.Promotion",
        verbose_name=_("promotion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering: ClassVar = ["-order_date", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["customer", "state"]),
            # the list's order (newest first) and the statistics' date ranges
            models.Index(fields=["order_date", "id"]),
            models.Index(fields=["state", "promised_date"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "credit_review",
                        "confirmed",
                        "partial",
                        "delivered",
                        "closed",
                        "cancelled",
                    ]
                ),
                name="sales_order_state",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="order_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=18, decimal_places=4)
    allow_backorder = models.BooleanField(
        _("backorder allowed"),
        default=False,
        help_text=_("Confirm even when not all of it is in stock."),
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    reserved_quantity = models.DecimalField(
        _("reserved at confirmation"), default=ZERO, max_digits=18, decimal_places=3
    )
    noticed_quantity = models.DecimalField(
        _("on delivery notices"), default=ZERO, max_digits=18, decimal_places=3
    )
    shipped_quantity = models.DecimalField(
        _("shipped"), default=ZERO, max_digits=18, decimal_places=3
    )
    delivered_quantity = models.DecimalField(
        _("delivered"), default=ZERO, max_digits=18, decimal_places=3
    )
    returned_quantity = models.DecimalField(
        _("returned"), default=ZERO, max_digits=18, decimal_places=3
    )

    class Meta:
        ordering: ClassVar = ["id"]
        indexes: ClassVar = [models.Index(fields=["item", "order"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="order_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="order_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    shipped_quantity__lte=models.F("quantity"),
                    noticed_quantity__lte=models.F("quantity"),
                    delivered_quantity__lte=models.F("shipped_quantity"),
                ),
                name="order_line_quantities_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}/{self.item_id}"

    @property
    def open_quantity(self) -> Decimal:
        """Still to ship."""
        return self.quantity - self.shipped_quantity
