"""What the approvals engine adds to the document shell (``core.documents``): the approval
history in each document's timeline, and the approvers (and the requester) as readers of the
shell of a document they decide on, though its own page may be outside their scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from yunying.core import documents
from yunying.core.documents import Entry
from yunying.core.messages import Both
from yunying.core.models import Employee

from . import registry
from .models import ApprovalAction, ApprovalRequest
from .selectors import active_delegators


def _types(key: str) -> list[str]:
    """The approval document types of the shell's document type (a plan is a purchase or a
    replenishment plan; an order goes through a credit override)."""
    return [t.key for t in registry.all_types() if documents.key_of(t.model) == key]


def timeline(key: str, document: Any) -> list[Entry]:
    """Every submission and decision on the document, step by step (one query)."""
    types = _types(key)
    if not types:
        return []
    actions = ApprovalAction.objects.filter(
        request__doc_type__in=types, request__object_id=document.pk
    ).select_related("actor", "on_behalf_of", "step")
    entries = []
    for action in actions:
        who = action.actor.name
        if action.on_behalf_of is not None:
            who = _("%(actor)s for %(principal)s") % {
                "actor": who,
                "principal": action.on_behalf_of.name,
            }
        step = Both(action.step.name, action.step.name_en).render() if action.step else ""
        detail = " · ".join(part for part in (step, action.comment) if part)
        text = _("Approval: %(action)s") % {"action": action.get_kind_display()}
        entries.append(Entry(action.at, "approval", who, text, detail))
    return entries


def readers(actor: Employee, key: str, document: Any) -> bool:
    """The requester and the approvers (and their delegates) of the document's requests."""
    types = _types(key)
    if not types:
        return False
    approvers = [actor.pk, *active_delegators(actor)]
    return ApprovalRequest.objects.filter(
        Q(requester=actor) | Q(steps__assignments__approver_id__in=approvers),
        doc_type__in=types,
        object_id=document.pk,
    ).exists()


def register() -> None:
    documents.register_timeline(timeline)
    documents.register_readers(readers)
