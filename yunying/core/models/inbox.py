"""What lands in a person's inbox (我的待办) besides approvals: notifications and tasks."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..messages import shown


class Worded(models.Model):
    """``title``/``body`` in the default language, ``texts`` in every language of the site
    (``{"title": {"zh-hans": …, "en": …}, "body": {…}}``, see ``core.messages``)."""

    texts = models.JSONField(_("texts"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def shown_title(self) -> str:
        return shown(self.texts.get("title"), str(getattr(self, "title", "")))

    @property
    def shown_body(self) -> str:
        return shown(self.texts.get("body"), str(getattr(self, "body", "")))


class Notification(Worded):
    """A piece of news for one person. ``source_type``/``source_id`` name the record it is
    about: when a task of that record is closed, the news is read. Dismissed news leaves the
    inbox."""

    recipient = models.ForeignKey(
        "core.Employee", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    source_type = models.CharField(max_length=80, blank=True)
    source_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "dismissed_at", "created_at", "id"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class Task(Worded):
    """A piece of work for a person or for a whole department: follow a delivery, ship a
    notice, restock an item.

    A task meant for a department (ship this notice: logistics) is one row addressed to the
    department: everyone in it sees it, and whoever acts on it closes it (``closed_by``).
    ``source_type``/``source_id`` name the record that raised it; ``kind`` says why. An open task
    of one kind for one source exists at most once per assignee or department, so a check that
    runs again does not pile up duplicates.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    assignee = models.ForeignKey(
        "core.Employee",
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    source_type = models.CharField(max_length=80, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    clause = models.CharField(_("clause"), max_length=20, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.Employee",
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering: ClassVar = ["due_at", "-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assignee", "kind", "source_type", "source_id"],
                condition=models.Q(state="open"),
                name="one_open_task_per_source",
            ),
            models.UniqueConstraint(
                fields=["department", "kind", "source_type", "source_id"],
                condition=models.Q(state="open", department__isnull=False),
                name="one_open_department_task_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(assignee__isnull=False, department__isnull=True)
                | models.Q(assignee__isnull=True, department__isnull=False),
                name="task_for_a_person_or_a_department",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["open", "done", "cancelled"]), name="task_state"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["assignee", "state"]),
            models.Index(fields=["department", "state"]),
        ]

    def __str__(self) -> str:
        return self.title
