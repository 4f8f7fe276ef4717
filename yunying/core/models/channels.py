"""Notifications outside the browser: a department's group robot (企业微信, 钉钉, 飞书), each
employee's e-mail, and one delivery row per message sent (``core.services.delivery``).

A :class:`Delivery` is written ``pending`` for each notification and way out it goes by, tried
by the queue, and ends ``sent`` or, after ``max attempts`` failures, ``failed``; each failure
keeps its error and the time of the next attempt. The notification itself stays in the inbox
whatever happens to its deliveries.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Only plain web addresses: no file:, ftp: or other scheme reaches the sender.
webhook_url_validator = URLValidator(schemes=["http", "https"])


class ChannelKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    FEISHU = "feishu", _("Feishu group robot")


class DepartmentChannel(models.Model):
    """The group robot of a department: its members' notifications about business records are
    posted to the group (``core.services.delivery``)."""

    department = models.OneToOneField(
        "core.Department",
        on_delete=models.CASCADE,
        related_name="channel",
        verbose_name=_("department"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ChannelKind.choices)
    webhook_url = models.CharField(
        _("webhook address"), max_length=500, validators=[webhook_url_validator]
    )
    # DingTalk's signing secret (SEC…) or Feishu's signature key; WeCom has none.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        ordering: ClassVar = ["department__sort_order", "department__code", "id"]

    def __str__(self) -> str:
        return f"{self.department} {self.get_kind_display()}"


class DeliveryPreference(models.Model):
    """How an employee wants news outside the browser: e-mail on or off, and in which
    language (blank: the site's default)."""

    employee = models.OneToOneField(
        "core.Employee",
        on_delete=models.CASCADE,
        related_name="delivery_preference",
        verbose_name=_("employee"),
    )
    email = models.BooleanField(_("notify me by e-mail"), default=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self) -> str:
        return str(self.employee)


class Delivery(models.Model):
    """One notification sent one way: by e-mail to its recipient (``channel`` empty) or to a
    department's group robot."""

    class State(models.TextChoices):
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notification = models.ForeignKey(
        "core.Notification",
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.ForeignKey(
        DepartmentChannel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("channel"),
    )
    # The e-mail address it goes to (blank for a group robot), as it was when planned.
    address = models.CharField(_("e-mail address"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "next_attempt_at", "id"], name="delivery_due"),
            models.Index(fields=["created_at", "id"], name="delivery_list"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=models.Q(channel__isnull=False),
                name="delivery_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["notification"],
                condition=models.Q(channel__isnull=True),
                name="delivery_once_by_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.channel_id or self.address} {self.state}"
