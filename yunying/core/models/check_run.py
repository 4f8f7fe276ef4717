"""One run of a scheduled check (``core.checks``): when it was asked for, how it went.

A run is written when the dispatcher queues it (``queued``), marked ``running`` when a worker
takes it, and ends ``ok`` (nothing found), ``findings``, ``retrying`` (it raised and another
attempt is queued) or ``error`` (it raised on its last attempt). The newest ``scheduled_at`` of a
check is when it last became due: the dispatcher adds the cadence to it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckRun(models.Model):
    class Outcome(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        OK = "ok", _("ok")
        FINDINGS = "findings", _("findings")
        RETRYING = "retrying", _("retrying")
        ERROR = "error", _("error")

    check_name = models.CharField(_("check"), max_length=100)
    scheduled_at = models.DateTimeField(_("scheduled at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.QUEUED
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    findings_count = models.PositiveIntegerField(_("findings"), default=0)
    # [{"severity", "message", "clause", "url"}, ...]
    findings = models.JSONField(_("findings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering: ClassVar = ["-scheduled_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["scheduled_at", "id"], name="checkrun_list"),
            models.Index(fields=["check_name", "scheduled_at"], name="checkrun_last_per_check"),
        ]

    def __str__(self) -> str:
        return f"{self.check_name} {self.scheduled_at:%Y-%m-%d %H:%M} {self.outcome}"
