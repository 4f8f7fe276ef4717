"""A filter a person saved on a list page: a name and the list's query string (its filters and
sort, never its page), seen by its owner alone."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    owner = models.ForeignKey(
        "core.Employee",
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("owner"),
    )
    # The list it filters, as ``core.lists`` names it ("sales.receivables").
    list_name = models.CharField(_("list"), max_length=100)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["owner", "list_name", "name"], name="saved_filter_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
