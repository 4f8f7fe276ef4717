"""Sales targets per region (or salesperson) and period, broken down (SALES-6)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .order import ZERO


class SalesTarget(models.Model):
    class Period(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    region = models.ForeignKey(
        "masterdata.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    salesperson = models.ForeignKey(
        "core.Employee",
        verbose_name=_("salesperson"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales_targets",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broken down from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("month or quarter"), default=1)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    orders_amount = models.DecimalField(
        _("orders target"), default=ZERO, max_digits=18, decimal_places=2
    )
    revenue_amount = models.DecimalField(
        _("revenue target (delivered)"), default=ZERO, max_digits=18, decimal_places=2
    )
    collection_amount = models.DecimalField(
        _("collection target"), default=ZERO, max_digits=18, decimal_places=2
    )
    created_by = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sales target")
        verbose_name_plural = _("sales targets")
        ordering: ClassVar = ["-start", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, salesperson__isnull=True)
                | models.Q(region__isnull=True, salesperson__isnull=False),
                name="target_for_a_region_or_a_salesperson",
            ),
            models.UniqueConstraint(
                fields=["region", "period", "year", "number"],
                condition=models.Q(region__isnull=False),
                name="one_target_per_region_period",
            ),
            models.UniqueConstraint(
                fields=["salesperson", "period", "year", "number"],
                condition=models.Q(salesperson__isnull=False),
                name="one_target_per_person_period",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    orders_amount__gte=0, revenue_amount__gte=0, collection_amount__gte=0
                ),
                name="target_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        who = self.region or self.salesperson
        return f"{who} {self.year}-{self.period}-{self.number}"
