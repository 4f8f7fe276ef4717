"""Material issues and opening stock documents, for those who see stock or handle them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from yunying.core import access
from yunying.core.models import Employee

from ..models import MaterialIssue, OpeningStock
from .common import VIEW, held

ISSUE = "inventory.issue_material"
OPENING = "inventory.import_opening"


def issues_visible_to(actor: Employee) -> QuerySet[MaterialIssue]:
    """Material issues for those who see stock or issue material."""
    rows = MaterialIssue.objects.select_related("created_by", "requester", "department").annotate(
        line_count=Count("lines")
    )
    code = held(actor, VIEW, ISSUE)
    return access.scope(rows, actor, code) if code else rows.none()


def openings_visible_to(actor: Employee) -> QuerySet[OpeningStock]:
    """Opening stock documents for those who see stock or post opening stock."""
    rows = OpeningStock.objects.select_related("created_by", "department").annotate(
        line_count=Count("lines")
    )
    code = held(actor, VIEW, OPENING)
    return access.scope(rows, actor, code) if code else rows.none()
