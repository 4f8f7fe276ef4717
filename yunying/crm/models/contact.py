"""The contact log (COMM-3): visits, calls, meetings and messages with a customer or a supplier,
and the follow-ups they leave for our people."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document


class ContactRecord(Document):
    """One contact with exactly one party: a customer or a supplier."""

    NUMBER_PREFIX: ClassVar[str] = "CT"

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        CALL = "call", _("phone call")
        MEETING = "meeting", _("meeting")
        EMAIL = "email", _("e-mail")
        WECHAT = "wechat", _("WeChat")

    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplier = models.ForeignKey(
        "masterdata.Supplier",
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"))
    participants = models.ManyToManyField(
        "core.Employee", verbose_name=_("our participants"), related_name="+", blank=True
    )
    contact = models.ForeignKey(
        "masterdata.Contact",
        verbose_name=_("their contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    promotion = models.ForeignKey(
        "crm.Promotion",
        verbose_name=_("promotion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
        help_text=_("The promotion this contact arose from: it counts as one of its leads."),
    )

    class Meta:
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False, supplier__isnull=True)
                | models.Q(customer__isnull=True, supplier__isnull=False),
                name="contact_record_of_one_party",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["occurred_at", "id"], name="crm_contact_occurred"),
            models.Index(fields=["created_at", "id"], name="crm_contact_created"),
        ]

    @property
    def party(self) -> models.Model | None:
        return self.customer or self.supplier


class FollowUp(models.Model):
    """Work a contact leaves for one of our people, by a date. It is a task in the owner's
    inbox (我的待办); completing the task, here or there, is what makes the follow-up done."""

    record = models.ForeignKey(
        ContactRecord,
        verbose_name=_("contact record"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    owner = models.ForeignKey(
        "core.Employee", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    text = models.CharField(_("what to do"), max_length=300)
    task = models.OneToOneField(
        "core.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering: ClassVar = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.task is not None and self.task.state == "done"
