"""Regulation versions in the document shell (``core.documents``): the drafts and the
consultation's background papers as attachments, comments, the timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from yunying.core import documents

from .models import RegulationVersion
from .services import MANAGE


def register() -> None:
    # Every employee reads the regulations (the version page admits everybody).
    documents.register(
        documents.ShellDocument(
            model=RegulationVersion,
            label=gettext_lazy("Regulation version"),
            visible=lambda actor: RegulationVersion.objects.all(),
            url=lambda version: reverse("policy:version", args=[version.pk]),
            may_edit=documents.editable_with(MANAGE),
            closed=documents.open_while("draft", "consultation"),
        )
    )
