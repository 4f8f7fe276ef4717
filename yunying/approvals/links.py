"""Approval requests as other pages link to them (the inbox, a document's approval)."""

from __future__ import annotations

from yunying.core import links

from . import selectors
from .models import ApprovalRequest


def register() -> None:
    links.register(ApprovalRequest, "approvals:detail", selectors.visible_requests)
