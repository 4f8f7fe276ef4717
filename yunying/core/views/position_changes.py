"""Pages of position changes: drafting, editing, submitting and following one (ORG-3)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, workflow
from ..forms import PositionChangeForm
from ..models import Position
from ..services import position_change
from ..web import (
    actor,
    attempt,
    employee_view,
    redirect,
)


def _change_form_context(position: Position, form: PositionChangeForm) -> dict[str, object]:
    return {"position": position, "form": form}


@employee_view
def position_change_new(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position, pk=pk)
    current = dict(position.permissions.values_list("code", "scope"))
    form = PositionChangeForm(request.POST or None, current=current, initial={"duties": ""})
    if request.method == "POST" and form.is_valid():
        change = attempt(
            request,
            lambda: position_change.draft_position_change(
                position=position,
                actor=actor(request),
                reason=form.cleaned_data["reason"],
                duties=form.cleaned_data["duties"],
                permissions=form.permissions(),
                **form.flags(),
            ),
            form=form,
            success=_("Draft saved. Submit it for approval when it is ready."),
        )
        if change is not None:
            return redirect(request, "core:position_change", pk=change.pk)
    return render(request, "core/position_change_form.html", _change_form_context(position, form))


@employee_view
def position_change_edit(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(selectors.position_changes_visible_to(actor(request)), pk=pk)
    current = {line.code: line.scope for line in change.lines.all()}
    form = PositionChangeForm(
        request.POST or None,
        current=current,
        initial={
            "reason": change.reason,
            "duties": change.duties,
            "is_head": {True: "yes", False: "no"}.get(change.is_head, ""),  # type: ignore[arg-type]
            "is_leader": {True: "yes", False: "no"}.get(change.is_leader, ""),  # type: ignore[arg-type]
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: position_change.update_position_change(
                change=change,
                actor=actor(request),
                reason=form.cleaned_data["reason"],
                duties=form.cleaned_data["duties"],
                permissions=form.permissions(),
                **form.flags(),
            ),
            form=form,
            success=_("Draft saved."),
        )
        if saved is not None:
            return redirect(request, "core:position_change", pk=change.pk)
    context = _change_form_context(change.position, form)
    context["change"] = change
    return render(request, "core/position_change_form.html", context)


@employee_view
def position_change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    change = get_object_or_404(selectors.position_changes_visible_to(me), pk=pk)
    return render(
        request,
        "core/position_change_detail.html",
        {
            "change": change,
            "request_obj": workflow.latest_request(change),
            "is_author": change.created_by_id == me.pk,
        },
    )


@employee_view
@require_POST
def position_change_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    me = actor(request)
    change = get_object_or_404(selectors.position_changes_visible_to(me), pk=pk)
    actions = {
        "submit": (position_change.submit_position_change, _("Submitted for approval.")),
        "cancel": (position_change.cancel_position_change, _("Change cancelled.")),
    }
    if verb not in actions:
        raise Http404(verb)
    service, message = actions[verb]
    attempt(request, lambda: service(change=change, actor=me), success=message)
    return redirect(request, "core:position_change", pk=pk)
