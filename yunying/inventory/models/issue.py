"""Material issues (领料 / 其他出库): stock taken out for a purpose other than a sale —
production use, samples, scrap — with a reason, approved by the chain of INV-6 and then posted
to the ledger (never beyond available stock)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table

STATES = ["draft", "submitted", "returned", "rejected", "approved", "posted", "cancelled"]


class MaterialIssue(Document):
    """Goods issued from stock without a sale (INV-6)."""

    NUMBER_PREFIX = "MI"

    class Purpose(models.TextChoices):
        PRODUCTION = "production", _("production use")
        SAMPLE = "sample", _("sample")
        SCRAP = "scrap", _("scrap")
        OTHER = "other", _("other")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval")
        RETURNED = "returned", _("returned for changes")
        REJECTED = "rejected", _("rejected")
        APPROVED = "approved", _("approved, not posted")
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        submit=({"draft", "returned"}, "submitted"),
        withdraw=("submitted", "draft"),
        send_back=("submitted", "returned"),
        reject=("submitted", "rejected"),
        approve=("submitted", "approved"),
        post=("approved", "posted"),
        cancel=({"draft", "returned", "rejected", "approved", "posted"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft", "returned"})

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.PRODUCTION
    )
    requester = models.ForeignKey(
        "core.Employee", verbose_name=_("requester"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    # Σ quantity × standard cost, in the company currency: the amount the approval chain compares.
    amount = models.DecimalField(_("value at standard cost"), max_digits=20, decimal_places=4)
    posting_date = models.DateField(_("posting date"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("material issue")
        verbose_name_plural = _("material issues")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["created_at", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(state__in=STATES), name="issue_state"),
            models.CheckConstraint(
                condition=models.Q(purpose__in=["production", "sample", "scrap", "other"]),
                name="issue_purpose",
            ),
        ]


class MaterialIssueLine(models.Model):
    issue = models.ForeignKey(MaterialIssue, on_delete=models.CASCADE, related_name="lines")
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

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="issue_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.quantity}"
