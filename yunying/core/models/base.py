"""Abstract bases shared by every business document."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopedModel(models.Model):
    """A record that data scopes apply to (ORG-2).

    ``SCOPE_DEPARTMENT`` and ``SCOPE_OWNER`` are field paths from the model to the department it
    belongs to and to the employee who owns it; ``core.access.scope`` filters by them.
    """

    SCOPE_DEPARTMENT: ClassVar[str] = "department"
    SCOPE_OWNER: ClassVar[str] = "created_by"

    class Meta:
        abstract = True


class Document(ScopedModel):
    """A numbered business document with a state (see ``core.states``).

    Subclasses set ``NUMBER_PREFIX`` (e.g. ``"PP"``), a ``state`` field with its choices and a
    ``TRANSITIONS`` table. Numbers are taken by ``core.services.numbering.next_number`` in the
    transaction that creates the document, so they have no gaps.
    """

    NUMBER_PREFIX: ClassVar[str] = ""

    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "core.Employee", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number
