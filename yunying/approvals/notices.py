"""What the approvals engine tells people: approvers that a step awaits them, the requester
how it was decided, and the author of a returned document that it waits for them (a task)."""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext_lazy

from yunying.core.messages import Both, Message
from yunying.core.services import inbox

from . import registry
from .models import ApprovalRequest, ApprovalStep


def awaiting(request: ApprovalRequest, step: ApprovalStep) -> None:
    """The step's approvers: a request awaits their decision."""
    doc_type = registry.get(request.doc_type)
    inbox.notify(
        [a.approver for a in step.assignments.select_related("approver")],
        title=Message(
            gettext_lazy("Awaiting your approval: %(document)s"), document=request.document_number
        ),
        body=Message(
            gettext_lazy("%(type)s: %(title)s · %(step)s"),
            type=doc_type.label,
            title=request.title,
            step=Both(step.name, step.name_en),
        ),
        url=f"/approvals/{request.pk}/",
        source=request,
    )


def decided(
    request: ApprovalRequest,
    state: ApprovalRequest.State,
    document: Model,
    url: str,
    comment: str,
) -> None:
    """The requester: how the request ended."""
    inbox.notify(
        [request.requester],
        title=Message(
            gettext_lazy("%(document)s: %(state)s"),
            document=request.document_number,
            state=state.label,
        ),
        body=comment,
        url=url,
        source=document,
    )


def revise(request: ApprovalRequest, document: Model, url: str, comment: str) -> None:
    """A returned document waits for its author: revise it and submit it again."""
    inbox.open_task(
        assignee=request.requester,
        kind=inbox.REVISE_TASK,
        title=Message(
            gettext_lazy("Revise and resubmit %(document)s"), document=request.document_number
        ),
        body=comment,
        source=document,
        url=url,
        clause=request.clause,
    )
