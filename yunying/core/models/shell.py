"""What every document carries besides its own fields: attachments and a comment thread.

A document is named by its type (``app_label.model_name``, as in the audit trail) and its id,
so one table serves the documents of every app without core knowing them (``core.documents``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A file kept with a document: a signed contract, an inspection photo. The stored file has
    a generated name; ``name`` is the name it was uploaded with."""

    document_type = models.CharField(max_length=80)
    document_id = models.CharField(max_length=40)
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "core.Employee", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering: ClassVar = ["uploaded_at", "id"]
        indexes: ClassVar = [
            models.Index(fields=["document_type", "document_id", "uploaded_at", "id"]),
        ]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A remark in a document's thread; ``mentioned`` are the employees named with ``@`` who
    could open the document (and were told)."""

    document_type = models.CharField(max_length=80)
    document_id = models.CharField(max_length=40)
    author = models.ForeignKey(
        "core.Employee", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    mentioned = models.ManyToManyField(
        "core.Employee", verbose_name=_("mentioned"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [
            models.Index(fields=["document_type", "document_id", "created_at", "id"]),
        ]

    def __str__(self) -> str:
        return self.body[:50]
