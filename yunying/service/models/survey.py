"""Customer satisfaction surveys (SVC-4): sent after a resolved case and periodically, answered
once through a signed link that needs no account, and reported per period."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    """One survey sent to one customer. After a case it is about the case's team and handler;
    a periodic survey is about the service team that takes the customer's cases and the
    customer's responsible person. The region is the customer's when it was sent."""

    SCOPE_DEPARTMENT = "team"
    SCOPE_OWNER = "person"

    class Reason(models.TextChoices):
        AFTER_CASE = "after_case", _("after a case")
        PERIODIC = "periodic", _("periodic")

    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    case = models.ForeignKey(
        "service.ServiceCase",
        verbose_name=_("service case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    # The first day of the period a periodic survey belongs to (one per customer and period).
    period_start = models.DateField(_("period"), null=True, blank=True)
    team = models.ForeignKey(
        "core.Department", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "core.Employee",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "masterdata.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Random, part of the signed link: a link made for another survey never opens this one.
    nonce = models.CharField(max_length=32, editable=False)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        indexes: ClassVar = [
            models.Index(fields=["sent_at", "id"], name="survey_sent"),
            models.Index(fields=["answered_at"], name="survey_answered"),
            models.Index(fields=["customer", "sent_at"], name="survey_customer"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(case__isnull=False), name="survey_one_per_case"
            ),
            models.UniqueConstraint(
                fields=["customer", "period_start"],
                condition=models.Q(reason="periodic"),
                name="survey_one_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(reason="after_case", case__isnull=False)
                | models.Q(reason="periodic", period_start__isnull=False),
                name="survey_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, score__isnull=True)
                | models.Q(answered_at__isnull=False, score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.get_reason_display()} {self.sent_at:%Y-%m-%d}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
