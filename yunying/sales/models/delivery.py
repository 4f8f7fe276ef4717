"""Deliveries (SALES-2, SALES-3), the customer's receipt and its problems, returns (SALES-4)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table

from .order import ZERO


class Delivery(Document):
    """A delivery notice to logistics; shipped (stock issued) and delivered (receivable)."""

    NUMBER_PREFIX = "DN"
    SCOPE_DEPARTMENT = "order__department"
    SCOPE_OWNER = "order__created_by"

    class State(models.TextChoices):
        NOTICE = "notice", _("to be shipped")
        SHIPPED = "shipped", _("shipped")
        DELIVERED = "delivered", _("delivered")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        ship=("notice", "shipped"),
        deliver=("shipped", "delivered"),
        cancel=("notice", "cancelled"),
        # A shipment taken back before it was delivered: its stock movements are reversed.
        recall=("shipped", "cancelled"),
    )

    order = models.ForeignKey(
        "sales.SalesOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NOTICE)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    shipped_by = models.ForeignKey(
        "core.Employee",
        verbose_name=_("shipped by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    receipt_confirmed_at = models.DateTimeField(
        _("receipt confirmed by the customer"), null=True, blank=True
    )
    receipt_note = models.CharField(_("receipt note"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "created_at"]),
            # the list's order (newest first), whole and by state
            models.Index(fields=["created_at", "id"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=["notice", "shipped", "delivered", "cancelled"]),
                name="delivery_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["shipped", "delivered"])
                | (
                    models.Q(shipped_at__isnull=False)
                    & ~models.Q(carrier="")
                    & ~models.Q(tracking_number="")
                ),
                name="shipped_delivery_has_carrier_and_tracking",
            ),
        ]


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "sales.SalesOrderLine", on_delete=models.PROTECT, related_name="delivery_lines"
    )
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    returned_quantity = models.DecimalField(
        _("returned"), default=ZERO, max_digits=18, decimal_places=3
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="delivery_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    returned_quantity__gte=0, returned_quantity__lte=models.F("quantity")
                ),
                name="returned_within_delivered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery.number}/{self.item_id}"


class ReceiptProblem(models.Model):
    """A problem the customer reports with a delivery (damaged, short, wrong item). Kept as its
    own record so that a customer-service case can refer to it."""

    class Kind(models.TextChoices):
        DAMAGED = "damaged", _("damaged")
        SHORT = "short", _("short delivery")
        WRONG_ITEM = "wrong_item", _("wrong item")
        OTHER = "other", _("other")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="problems"
    )
    delivery_line = models.ForeignKey(
        DeliveryLine,
        verbose_name=_("line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    kind = models.CharField(_("problem"), max_length=12, choices=Kind.choices)
    quantity = models.DecimalField(
        _("quantity concerned"), null=True, blank=True, max_digits=18, decimal_places=3
    )
    description = models.TextField(_("description"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    reported_by = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt problem")
        verbose_name_plural = _("receipt problems")
        ordering: ClassVar = ["-reported_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state="open") | ~models.Q(resolution=""),
                name="resolved_problem_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery.number}: {self.get_kind_display()}"


class CustomerReturn(Document):
    """Goods the customer sends back: stock comes back (to a returns location) and the
    receivable is reduced by their value."""

    NUMBER_PREFIX = "RT"
    SCOPE_DEPARTMENT = "delivery__order__department"
    SCOPE_OWNER = "delivery__order__created_by"

    class State(models.TextChoices):
        POSTED = "posted", _("posted")

    TRANSITIONS: ClassVar[Transitions] = table()

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="returns"
    )
    problem = models.ForeignKey(
        ReceiptProblem,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("returned to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.POSTED)
    reason = models.CharField(_("reason"), max_length=300)
    credit_amount = models.DecimalField(
        _("credited"), max_digits=18, decimal_places=2, default=ZERO
    )

    class Meta:
        verbose_name = _("customer return")
        verbose_name_plural = _("customer returns")
        ordering: ClassVar = ["-created_at", "-id"]


class CustomerReturnLine(models.Model):
    customer_return = models.ForeignKey(
        CustomerReturn, on_delete=models.CASCADE, related_name="lines"
    )
    delivery_line = models.ForeignKey(
        DeliveryLine, on_delete=models.PROTECT, related_name="return_lines"
    )
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="return_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_return.number}/{self.item_id}"
