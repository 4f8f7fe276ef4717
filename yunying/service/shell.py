"""Service cases in the document shell (``core.documents``): attachments (photos of damaged
goods, the customer's letter), comments and the timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from yunying.core import documents

from .models import ServiceCase
from .selectors import HANDLE, cases_visible_to


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=ServiceCase,
            label=gettext_lazy("Service case"),
            visible=cases_visible_to,
            url=lambda case: reverse("service:case", args=[case.pk]),
            may_edit=documents.editable_with(HANDLE),
            closed=lambda case: case.state == ServiceCase.State.CLOSED,
        )
    )
