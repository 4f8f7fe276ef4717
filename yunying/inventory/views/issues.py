"""Pages of material issues (领料 / 其他出库, INV-6): the list, one issue with its approval and
actions, a new issue, and submitting, posting or cancelling it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, states
from yunying.core import lists as core_lists
from yunying.core.params import whole_number
from yunying.core.web import (
    actor,
    asks_for_file,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..forms import IssueForm, issue_line_formset
from ..lists import ISSUES, issue_rows
from ..models import MaterialIssue
from ..services import issues
from .common import VIEW, require_any, with_sources

ISSUE = issues.ISSUE


@employee_view
def issue_list(request: HttpRequest) -> HttpResponseBase:
    require_any(request, VIEW, ISSUE)
    me = actor(request)
    rows = core_lists.ordered(ISSUES, issue_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return core_lists.download(request, ISSUES, rows)
    return render(
        request,
        "inventory/issue_list.html",
        {
            "page": paginate(request, rows),
            "tools": core_lists.tools(request, ISSUES),
            "query": query_string_without_page(request),
            "states": MaterialIssue.State.choices,
            "can_issue": access.has_perm(me, ISSUE),
        },
    )


@employee_view
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request, VIEW, ISSUE)
    me = actor(request)
    issue = get_object_or_404(selectors.issues_visible_to(me), pk=pk)
    may = access.has_perm(me, ISSUE)
    return render(
        request,
        "inventory/issue_detail.html",
        {
            "issue": issue,
            "lines": issue.lines.select_related("item", "location__warehouse"),
            "entries": with_sources(
                selectors.ledger(source_type="inventory.materialissue", source_id=pk)
            ),
            "prices": prices_visible(me),
            "request_obj": approvals.latest_request(issue),
            "actions": [
                verb for verb in ("submit", "post", "cancel") if may and states.allowed(issue, verb)
            ],
        },
    )


def _issue_lines(formset: Any) -> list[issues.IssueLine]:
    """The filled-in rows of the issue form; empty rows are left out."""
    return [
        issues.IssueLine(item=line["item"], location=line["location"], quantity=line["quantity"])
        for line in (f.cleaned_data for f in formset.forms)
        if line
    ]


@employee_view
def issue_new(request: HttpRequest) -> HttpResponse:
    require(request, ISSUE)
    me = actor(request)
    number = whole_number(request.GET.get("rows", "5"), maximum=30)
    extra = max(number, 1) if number is not None else 5
    form = IssueForm(request.POST or None)
    formset = issue_line_formset(extra)(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = _issue_lines(formset)
        issue = attempt(
            request,
            lambda: issues.draft_issue(
                lines=lines,
                reason=form.cleaned_data["reason"],
                purpose=form.cleaned_data["purpose"],
                actor=me,
                submit="submit" in request.POST,
            ),
            form=form,
        )
        if issue is not None:
            messages.success(
                request,
                _("Material issue %(number)s saved: %(state)s.")
                % {"number": issue.number, "state": issue.get_state_display()},
            )
            return redirect(request, "inventory:issue", pk=issue.pk)
    return render(
        request,
        "inventory/issue_form.html",
        {"form": form, "formset": formset, "more": extra + 5},
    )


ACTIONS = {
    "submit": (issues.submit_issue, gettext_lazy("Submitted for approval.")),
    "post": (issues.post_issue, gettext_lazy("Posted out of stock.")),
    "cancel": (
        issues.cancel_issue,
        gettext_lazy("Cancelled; a posted issue's reversal is posted."),
    ),
}


@employee_view
@require_POST
def issue_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    require(request, ISSUE)
    if verb not in ACTIONS:
        raise Http404
    me = actor(request)
    issue = get_object_or_404(selectors.issues_visible_to(me), pk=pk)
    service, done = ACTIONS[verb]
    attempt(request, lambda: service(issue=issue, actor=me), success=str(done))
    return redirect(request, "inventory:issue", pk=pk)
