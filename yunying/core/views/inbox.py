"""我的待办: what waits for the signed-in employee (approvals, tasks, regulations to
acknowledge, notifications)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, workflow
from ..params import as_id
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
            "notifications": selectors.notifications_of(me)[:30],
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
def notification_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss one notification; HTMX swaps its row away."""
    me = actor(request)
    notification = get_object_or_404(selectors.notifications_of(me), pk=as_id(pk))
    attempt(request, lambda: inbox.dismiss(employee=me, notification_id=notification.pk))
    if request.headers.get("HX-Request"):
        return HttpResponse("")
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
