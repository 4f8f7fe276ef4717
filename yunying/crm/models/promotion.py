"""Promotion plans (MKT-2): the channels chosen, the period, the budget and the targets of a
promotion, approved by the chain of the regulation in force; the contacts it brings (leads) and
the sales orders that carry it are its results."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table

ZERO = Decimal("0")


class Channel(models.TextChoices):
    EXHIBITION = "exhibition", _("exhibition")
    ONLINE_ADS = "online_ads", _("online advertising")
    WECHAT = "wechat", _("WeChat official account")
    DISTRIBUTOR_MEETING = "distributor_meeting", _("distributor meeting")
    DIRECT_VISIT = "direct_visit", _("direct visits")
    INDUSTRY_MEDIA = "industry_media", _("industry media")


class Promotion(Document):
    """A promotion plan. Only an approved plan is carried by orders and contacts; its results
    are counted from them (``crm.results``)."""

    NUMBER_PREFIX: ClassVar[str] = "PM"
    SCOPE_OWNER: ClassVar[str] = "owner"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved, running")
        REJECTED = "rejected", _("rejected")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        submit=("draft", "submitted"),
        withdraw=("submitted", "draft"),
        approve=("submitted", "approved"),
        reject=("submitted", "rejected"),
        send_back=("submitted", "draft"),
        revise=("rejected", "draft"),
        close=("approved", "closed"),
        cancel=({"draft", "rejected", "approved"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft"})

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channels = models.JSONField(_("channels"), default=list)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget"), max_digits=18, decimal_places=2, default=ZERO)
    target_leads = models.PositiveIntegerField(_("target leads"), default=0)
    target_orders = models.PositiveIntegerField(_("target orders"), default=0)
    target_revenue = models.DecimalField(
        _("target revenue"), max_digits=18, decimal_places=2, default=ZERO
    )
    items = models.ManyToManyField(
        "masterdata.Item", verbose_name=_("items promoted"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(
        "masterdata.Region", verbose_name=_("target regions"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        "core.Employee", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("promotion plan")
        verbose_name_plural = _("promotion plans")
        ordering: ClassVar = ["-starts_on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["starts_on", "id"], name="crm_promotion_starts"),
            models.Index(fields=["state", "starts_on"], name="crm_promotion_state"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["draft", "submitted", "approved", "rejected", "closed", "cancelled"]
                ),
                name="promotion_state",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="promotion_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0) & models.Q(target_revenue__gte=0),
                name="promotion_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels]
