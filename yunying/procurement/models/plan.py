"""Purchase plans (PROC-1, PROC-2) and replenishment plans (INV-2, INV-3): the same document,
approved through their own chains; only approved plans reach procurement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class PurchasePlan(Document):
    NUMBER_PREFIX = "PP"

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("purchase plan")
        REPLENISHMENT = "replenishment", _("replenishment plan")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        REJECTED = "rejected", _("rejected")
        APPROVED = "approved", _("approved, with procurement")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        submit=({"draft", "returned"}, "submitted"),
        withdraw=("submitted", "draft"),
        approve=("submitted", "approved"),
        reject=("submitted", "rejected"),
        send_back=("submitted", "returned"),
        revise=("rejected", "draft"),
        close=("approved", "closed"),
        cancel=({"draft", "returned", "rejected"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft", "returned"})

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.PURCHASE)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    needed_by = models.DateField(_("needed by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase plan")
        verbose_name_plural = _("purchase plans")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "rejected",
                        "approved",
                        "closed",
                        "cancelled",
                    ]
                ),
                name="purchase_plan_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "closed"])
                | models.Q(approved_at__isnull=False),
                name="approved_plan_has_approval_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class ReplenishmentPlanManager(models.Manager["ReplenishmentPlan"]):
    def get_queryset(self) -> models.QuerySet[ReplenishmentPlan]:
        return super().get_queryset().filter(kind=PurchasePlan.Kind.REPLENISHMENT)


class ReplenishmentPlan(PurchasePlan):
    """A purchase plan drafted from the replenishment proposal (INV-2); approved by its own
    chain (INV-3)."""

    NUMBER_PREFIX = "RP"
    objects: ClassVar[ReplenishmentPlanManager] = ReplenishmentPlanManager()

    class Meta:
        proxy = True
        verbose_name = _("replenishment plan")
        verbose_name_plural = _("replenishment plans")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = PurchasePlan.Kind.REPLENISHMENT
        super().save(*args, **kwargs)


class PurchasePlanLine(models.Model):
    plan = models.ForeignKey(PurchasePlan, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    proposed_quantity = models.DecimalField(
        _("proposed by the system"), null=True, blank=True, max_digits=18, decimal_places=3
    )
    estimated_price = models.DecimalField(
        _("estimated price"), default=Decimal("0"), max_digits=18, decimal_places=4
    )
    needed_by = models.DateField(_("needed by"))
    supplier = models.ForeignKey(
        "masterdata.Supplier",
        verbose_name=_("suggested supplier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Quantity on signed (or submitted) contracts; kept under the plan line's row lock (PROC-3).
    contracted_quantity = models.DecimalField(
        _("contracted"), default=Decimal("0"), max_digits=18, decimal_places=3
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="plan_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_price__gte=0), name="plan_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(contracted_quantity__gte=0), name="contracted_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.number}/{self.item_id}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.estimated_price).quantize(Decimal("0.01"))

    @property
    def remaining(self) -> Decimal:
        return max(Decimal("0"), self.quantity - self.contracted_quantity)
