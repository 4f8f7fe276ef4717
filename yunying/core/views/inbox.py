"""我的待办: what waits for the signed-in employee (approvals, tasks, regulations to
acknowledge, notifications)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, workflow
from ..models import Notification
from ..services import inbox
from ..web import (
    actor,
    attempt,
    employee_view,
    redirect,
)


@employee_view
def inbox_page(request: HttpRequest) -> HttpResponse:
    """我的待办: approvals waiting for me, my tasks, regulations to acknowledge, news."""
    me = actor(request)
    return render(
        request,
        "core/inbox.html",
        {
            # "pending" and "submitted" (approvals), "acknowledgements" (regulations)
            **workflow.inbox_sections(me),
            "tasks": selectors.open_tasks(me).order_by("due_at", "-created_at")[:100],
            "notifications": Notification.objects.filter(recipient=me).order_by("-created_at")[:30],
            "unread": selectors.unread_notifications(me).count(),
        },
    )


@employee_view
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    inbox.mark_read(employee=actor(request))
    return redirect(request, "core:inbox")


@employee_view
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_of(actor(request)), pk=pk)
    attempt(
        request,
        lambda: inbox.complete_task(task=task, actor=actor(request)),
        success=_("Task done."),
    )
    return redirect(request, "core:inbox")


# --------------------------------------------------------------------------- organisation
