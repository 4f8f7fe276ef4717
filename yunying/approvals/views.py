"""Approval pages: the list, one request with its document, chain, history and the decision
buttons (HTMX), the bottleneck report (POL-2) and delegations."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunying.core import lists
from yunying.core.errorpages import invalid_parameter
from yunying.core.models import Employee
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
from yunying.policy import selectors as policy

from . import registry, selectors, services
from .lists import REQUESTS, request_rows
from .models import ApprovalRequest, Delegation


@employee_view
def request_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    view = request.GET.get("view", "pending")
    rows = lists.ordered(REQUESTS, request_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, REQUESTS, rows)
    return render(
        request,
        "approvals/list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, REQUESTS),
            "view": view,
            "states": ApprovalRequest.State.choices,
        },
    )


def _detail_context(request: HttpRequest, approval: ApprovalRequest) -> dict[str, object]:
    me = actor(request)
    doc_type = registry.get(approval.doc_type)
    document = selectors.document_of(approval)
    return {
        "approval": approval,
        "doc_type": doc_type,
        "document": document,
        "document_url": doc_type.url(document),
        "steps": approval.steps.prefetch_related(
            "assignments__approver", "assignments__decided_by"
        ),
        "history": selectors.history(approval),
        "can_decide": selectors.can_decide(approval, me),
        "can_withdraw": approval.state == ApprovalRequest.State.PENDING
        and approval.requester_id == me.pk,
    }


@employee_view
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    approval = get_object_or_404(selectors.visible_requests(actor(request)), pk=pk)
    return render(request, "approvals/detail.html", _detail_context(request, approval))


@employee_view
@require_POST
def decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    me = actor(request)
    approval = get_object_or_404(selectors.visible_requests(me), pk=pk)
    comment = request.POST.get("comment", "")
    decisions = {
        "approve": (
            lambda: services.approve(request=approval, actor=me, comment=comment),
            _("Approved."),
        ),
        "reject": (
            lambda: services.reject(request=approval, actor=me, comment=comment),
            _("Rejected."),
        ),
        "return": (
            lambda: services.return_for_changes(request=approval, actor=me, comment=comment),
            _("Returned for changes."),
        ),
        "withdraw": (lambda: services.withdraw(request=approval, actor=me), _("Withdrawn.")),
    }
    if verb not in decisions:
        raise Http404(verb)
    action, message = decisions[verb]
    attempt(request, action, success=message)
    if request.headers.get("HX-Request"):
        approval.refresh_from_db()
        return render(request, "approvals/_panel.html", _detail_context(request, approval))
    return redirect(request, "approvals:detail", pk=pk)


REPORT_DAYS_MAX = 3650  # the report looks back ten years at most


@employee_view
def report(request: HttpRequest) -> HttpResponse:
    """Bottlenecks: which steps wait longest (POL-2)."""
    require(request, "approvals.view_report")
    days = request.GET.get("days", "90")
    number = whole_number(days, maximum=REPORT_DAYS_MAX)
    if not number:
        message = _("Enter a whole number of days from 1 to %(n)s.") % {"n": REPORT_DAYS_MAX}
        return invalid_parameter(request, "days", message)
    since = timezone.now() - datetime.timedelta(days=number)
    rule = policy.rule_in_force("approvals.max_wait_hours")
    limit = int(rule.value) if rule is not None else None
    waiting = selectors.waiting_steps(older_than=datetime.timedelta(hours=limit or 0))[:50]
    rows = selectors.bottlenecks(since=since)
    chart = {
        "tooltip": {},
        "grid": {"left": 160, "right": 20, "top": 10, "bottom": 30},
        "xAxis": {"type": "value", "name": str(_("hours"))},
        "yAxis": {"type": "category", "data": [f"{r.label} · {r.step}" for r in rows][:12][::-1]},
        "series": [
            {"type": "bar", "data": [r.average_hours for r in rows][:12][::-1], "color": "#0b6e4f"}
        ],
    }
    return render(
        request,
        "approvals/report.html",
        {"rows": rows, "waiting": waiting, "limit": limit, "days": days, "chart": chart},
    )


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        label=gettext_lazy("Delegate to"), queryset=Employee.objects.filter(active=True)
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


@employee_view
def delegations(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    now = timezone.localtime()
    form = DelegationForm(
        request.POST or None,
        initial={
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    form.fields["delegate"].queryset = Employee.objects.filter(active=True).exclude(pk=me.pk)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.delegate(
                delegator=me,
                delegate_to=data["delegate"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
                actor=me,
            ),
            form=form,
            success=_("Delegation saved."),
        )
        if done is not None:
            return redirect(request, "approvals:delegations")
    return render(
        request,
        "approvals/delegations.html",
        {"form": form, "delegations": selectors.delegations_of(me), "now": timezone.now()},
    )


@employee_view
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    delegation = get_object_or_404(Delegation, pk=pk, delegator=me)
    attempt(
        request,
        lambda: services.revoke_delegation(delegation=delegation, actor=me),
        success=_("Delegation revoked."),
    )
    return redirect(request, "approvals:delegations")
