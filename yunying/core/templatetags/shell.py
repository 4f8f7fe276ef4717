"""``{% document_shell document %}``: a document's attachments, comments and timeline, shown
to whoever may open it (``core/shell/panel.html`` is the one line a document page includes)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat

from .. import documents
from .. import timeline as shell
from ..services import attachments
from ..views.shell import AttachmentForm, CommentForm

register = template.Library()


@register.inclusion_tag("core/shell/_shell.html", takes_context=True)
def document_shell(
    context: template.Context,
    document: Any,
    upload_form: AttachmentForm | None = None,
    comment_form: CommentForm | None = None,
) -> dict[str, Any]:
    request = context.get("request")
    reader = getattr(request, "employee", None)
    kind = documents.for_object(document) if document is not None else None
    if kind is None or reader is None or not documents.may_open(reader, kind, document):
        return {"shown": False}
    closed = kind.closed(document)
    editor = kind.may_edit(reader, document)
    files = [
        (item, not closed and (editor or item.uploaded_by_id == reader.pk))
        for item in shell.attachments_of(kind.key, document)
    ]
    thread = list(shell.comments_of(kind.key, document))
    return {
        "shown": True,
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "document": document,
        "files": files,
        "comments": thread,
        "timeline": shell.timeline(kind.key, document, thread=thread),
        "closed": closed,
        "upload_form": upload_form or AttachmentForm(),
        "comment_form": comment_form or CommentForm(),
        "accepted": ", ".join(attachments.allowed_extensions()),
        "accept": ",".join(f".{ext}" for ext in attachments.allowed_extensions()),
        "limit": filesizeformat(attachments.max_bytes()),
    }
