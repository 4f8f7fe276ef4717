"""Stocktakes (INV-5): book quantities frozen per location, counts, variances with reasons,
approval above the regulation's threshold, adjustments posted to the ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class Stocktake(Document):
    NUMBER_PREFIX = "STK"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        COUNTING = "counting", _("counting, locations frozen")
        SUBMITTED = "submitted", _("awaiting approval")
        RETURNED = "returned", _("returned for recount")
        POSTED = "posted", _("posted")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        start=("draft", "counting"),
        submit=({"counting", "returned"}, "submitted"),
        approve=("submitted", "posted"),
        post=({"counting", "returned"}, "posted"),
        send_back=("submitted", "returned"),
        reject=("submitted", "returned"),
        withdraw=("submitted", "counting"),
        cancel=({"draft", "counting", "returned"}, "cancelled"),
    )
    FROZEN_STATES = frozenset({"counting", "submitted", "returned"})

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    planned_date = models.DateField(_("planned date"))
    locations = models.ManyToManyField(
        "masterdata.Location", verbose_name=_("locations"), related_name="stocktakes"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("counting started"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering: ClassVar = ["-planned_date", "-id"]
        indexes: ClassVar = [models.Index(fields=["planned_date", "id"])]  # the list's order
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["draft", "counting", "submitted", "returned", "posted", "cancelled"]
                ),
                name="stocktake_state",
            ),
        ]


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        "masterdata.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "masterdata.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    book_quantity = models.DecimalField(_("book quantity"), max_digits=18, decimal_places=3)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=18, decimal_places=6)
    counted_quantity = models.DecimalField(
        _("counted quantity"), null=True, blank=True, max_digits=18, decimal_places=3
    )
    reason = models.CharField(_("reason for the variance"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["location", "item"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["stocktake", "item", "location"], name="one_count_per_item_location"
            ),
            models.CheckConstraint(
                condition=models.Q(counted_quantity__isnull=True)
                | models.Q(counted_quantity__gte=0),
                name="count_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}@{self.location_id}"

    @property
    def variance(self) -> Decimal | None:
        if self.counted_quantity is None:
            return None
        return self.counted_quantity - self.book_quantity

    @property
    def variance_value(self) -> Decimal:
        variance = self.variance
        return (variance * self.unit_cost).quantize(Decimal("0.01")) if variance else Decimal("0")
