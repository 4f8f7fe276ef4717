"""Reading a document's shell: its attachments, its comments and one timeline.

The timeline merges, in time order, the document's audit events (state changes, uploads and
other events, worded by ``core.audit_text``), its comments and what the apps above add through
``core.documents.register_timeline`` (the approvals engine: submissions and decisions, step by
step), each worded in the reader's language. It costs a fixed number of queries whatever its
length: one for the audit events, two for the comments and their mentions, one per provider.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from . import documents
from .audit_text import action_label
from .documents import Entry
from .errors import NotFound
from .models import Attachment, AuditEvent, Comment, Employee
from .params import as_id

LIMIT = 300


def attachments_of(key: str, document: Model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        document_type=key, document_id=str(document.pk)
    ).select_related("uploaded_by")


def comments_of(key: str, document: Model) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(document_type=key, document_id=str(document.pk))
        .select_related("author")
        .prefetch_related("mentioned")
    )


def attachment_for(actor: Employee, pk: object) -> Attachment:
    """The attachment if the actor may open its document; ``NotFound`` otherwise."""
    number = as_id(pk)
    if number is None:
        raise NotFound(_("No such attachment."))
    attachment = Attachment.objects.filter(pk=number).first()
    if attachment is None:
        raise NotFound(_("No such attachment."))
    documents.open_document(actor, attachment.document_type, attachment.document_id)
    return attachment


def _states(document: Model) -> dict[str, str]:
    try:
        field = document._meta.get_field("state")
    except FieldDoesNotExist:  # a document without states
        return {}
    return {str(value): str(label) for value, label in (getattr(field, "choices", None) or [])}


def _event_entry(event: AuditEvent, states: dict[str, str]) -> Entry:
    changes: dict[str, Any] = event.changes if isinstance(event.changes, dict) else {}
    if event.action == "attachment.upload":
        return Entry(
            event.occurred_at,
            "attachment",
            event.actor_name,
            _("Attached %(name)s") % {"name": changes.get("attachment", "")},
        )
    if event.action == "attachment.delete":
        return Entry(
            event.occurred_at,
            "attachment",
            event.actor_name,
            _("Deleted the attachment %(name)s") % {"name": changes.get("attachment", "")},
        )
    text = action_label(event.action)
    state = changes.get("state")
    if isinstance(state, list | tuple) and len(state) == 2:
        old, new = (states.get(str(s), str(s)) for s in state)
        return Entry(
            event.occurred_at,
            "state",
            event.actor_name,
            _("%(action)s: %(old)s → %(new)s") % {"action": text, "old": old, "new": new},
            event.clause,
        )
    return Entry(event.occurred_at, "event", event.actor_name, text, event.clause)


def timeline(
    key: str, document: Model, *, limit: int = LIMIT, thread: list[Comment] | None = None
) -> list[Entry]:
    """The document's timeline, oldest first (the newest ``limit`` audit events); ``thread``
    is its comments when the caller has read them already."""
    states = _states(document)
    events = list(
        AuditEvent.objects.filter(object_type=key, object_id=str(document.pk))
        .exclude(action="comment.post")
        .only("occurred_at", "actor_name", "action", "changes", "clause")
        .order_by("-seq")[:limit]
    )
    entries = [_event_entry(event, states) for event in events]
    for comment in comments_of(key, document) if thread is None else thread:
        names = ", ".join(person.name for person in comment.mentioned.all())
        entries.append(
            Entry(
                comment.created_at,
                "comment",
                comment.author.name,
                comment.body,
                _("Mentioned: %(names)s") % {"names": names} if names else "",
            )
        )
    for provider in documents.timelines():
        entries.extend(provider(key, document))
    return sorted(entries, key=lambda entry: entry.at)
