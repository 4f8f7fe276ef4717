"""Stock documents in the document shell (``core.documents``): attachments (a signed counting
sheet, a photo of scrapped goods), comments and the timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from yunying.core import documents

from . import selectors
from .models import MaterialIssue, OpeningStock, Stocktake, StockTransfer
from .selectors.documents import ISSUE, OPENING


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=StockTransfer,
            label=gettext_lazy("Stock transfer"),
            visible=selectors.transfers_visible_to,
            url=lambda transfer: reverse("inventory:transfer", args=[transfer.pk]),
            may_edit=documents.editable_with(selectors.MOVE),
            closed=documents.open_while("draft"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=Stocktake,
            label=gettext_lazy("Stocktake"),
            visible=selectors.stocktakes_visible_to,
            url=lambda stocktake: reverse("inventory:stocktake", args=[stocktake.pk]),
            may_edit=documents.editable_with(selectors.MANAGE_STOCKTAKE),
            closed=documents.open_while("draft", "counting", "returned"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=MaterialIssue,
            label=gettext_lazy("Material issue"),
            visible=selectors.issues_visible_to,
            url=lambda issue: reverse("inventory:issue", args=[issue.pk]),
            may_edit=documents.editable_with(ISSUE),
            closed=documents.open_while("draft", "returned"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=OpeningStock,
            label=gettext_lazy("Opening stock"),
            visible=selectors.openings_visible_to,
            url=lambda opening: reverse("inventory:opening", args=[opening.pk]),
            may_edit=documents.editable_with(OPENING),
            closed=documents.always_closed,
        )
    )
