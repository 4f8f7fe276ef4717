"""Market intelligence (MKT-1): competitors' prices as observed, where and when."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import ScopedModel


class Competitor(models.Model):
    """A competitor the company watches (the list the intelligence entries choose from)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class MarketIntel(ScopedModel):
    """A competitor's price for a product, observed on a day from a source."""

    class Source(models.TextChoices):
        EXHIBITION = "exhibition", _("exhibition")
        WEBSITE = "website", _("website")
        CUSTOMER = "customer", _("customer")
        DISTRIBUTOR = "distributor", _("distributor")
        TENDER = "tender", _("tender")
        OTHER = "other", _("other")

    competitor = models.ForeignKey(
        Competitor, verbose_name=_("competitor"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField(_("product"), max_length=200)
    item = models.ForeignKey(
        "masterdata.Item",
        verbose_name=_("our comparable item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    price = models.DecimalField(
        _("price"), max_digits=18, decimal_places=4, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    observed_on = models.DateField(_("observed on"))
    region = models.ForeignKey(
        "masterdata.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.Employee", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("market intelligence")
        verbose_name_plural = _("market intelligence")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="intel_price_not_negative"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["observed_on", "id"], name="crm_intel_observed"),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} · {self.product}"
