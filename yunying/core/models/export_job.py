"""An export written in the background (``core.jobs``, ``core.services.export_jobs``): a list too
long to write while the person waits.

A job is written ``queued`` with the filters it was asked with, taken by a worker (``running``)
and ends ``done``, with its file kept for the requester until ``expires_at``, or ``failed``,
with the error. Only the requester may download the file.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    requester = models.ForeignKey(
        "core.Employee",
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    # The filters the export was asked with, as the list takes them.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The language the requester used: the file's headings are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["requester", "created_at", "id"], name="exportjob_mine"),
            models.Index(fields=["state", "created_at", "id"], name="exportjob_state"),
            models.Index(fields=["expires_at"], name="exportjob_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state}"
