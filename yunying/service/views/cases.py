"""Service case pages: the list, a new case, the case with the steps its state allows, and a
return of goods from an after-sales case (SVC-1 to SVC-3, SALES-4)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, lists
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.web import (
    actor,
    asks_for_file,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    refuse_export,
)
from yunying.masterdata.selectors import customers_visible_to

from ..forms import CaseForm, CaseReturnForm, PriorityForm, ReassignForm, StepForm
from ..lists import CASES, case_rows
from ..models import ServiceCase
from ..models.case import verb_label
from ..selectors import HANDLE, VIEW, active_causes, cases_visible_to, holds_any
from ..services import assignment, cases, changes, transitions


def _reader(request: HttpRequest) -> None:
    if not holds_any(actor(request)):
        refuse_export(request, CASES.what, VIEW)
        raise PermissionDenied


@employee_view
def case_list(request: HttpRequest) -> HttpResponseBase:
    _reader(request)
    me = actor(request)
    rows = lists.ordered(CASES, case_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, CASES, rows)
    return render(
        request,
        "service/case_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, CASES),
            "kinds": ServiceCase.Kind.choices,
            "states": ServiceCase.State.choices,
            "priorities": ServiceCase.Priority.choices,
            "can_open": access.has_perm(me, HANDLE),
        },
    )


@employee_view
def case_new(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not access.has_perm(me, HANDLE):
        raise PermissionDenied
    form = CaseForm(request.POST or None, customers=customers_visible_to(me))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = attempt(
            request,
            lambda: cases.open_case(
                cases.NewCase(
                    kind=data["kind"],
                    channel=data["channel"],
                    priority=data["priority"],
                    customer=data["customer"],
                    subject=data["subject"],
                    description=data["description"],
                ),
                actor=me,
            ),
            form=form,
        )
        if case is not None:
            return redirect(request, "service:case", case.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New service case"), "back": "service:cases"},
    )


@employee_view
def case_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = actor(request)
    case = get_object_or_404(
        cases_visible_to(me).select_related("order", "delivery", "item", "cause"), pk=pk
    )
    may_handle = access.in_scope(me, HANDLE, case)
    verbs = [
        (verb, verb_label(verb))
        for verb, (sources, _target) in case.transitions.items()
        if case.state in sources
    ]
    return render(
        request,
        "service/case_detail.html",
        {
            "case": case,
            "verbs": verbs if may_handle else [],
            "step_form": StepForm(initial={"resolution": case.resolution, "cause": case.cause}),
            "causes": active_causes(),
            "return_form": CaseReturnForm(case=case) if _may_return(me, case) else None,
            **_change_forms(me, case, may_handle),
        },
    )


def _change_forms(me: Employee, case: ServiceCase, may_handle: bool) -> dict[str, object]:
    """The forms that change an open case: its handler (a supervisor's, SVC-1) and its
    priority (its handlers', SVC-2)."""
    if not case.is_open:
        return {}
    supervises = access.in_scope(me, changes.SUPERVISE, case)
    reassignable = supervises and case.state != ServiceCase.State.REGISTERED
    return {
        "reassign_form": (
            ReassignForm(handlers=assignment.handlers(case.team)) if reassignable else None
        ),
        "priority_form": PriorityForm(initial={"priority": case.priority}) if may_handle else None,
    }


@employee_view
@require_POST
def case_reassign(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = actor(request)
    case = get_object_or_404(cases_visible_to(me), pk=pk)
    form = ReassignForm(request.POST, handlers=assignment.handlers(case.team))
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: changes.reassign(
                case=case, assignee=data["assignee"], reason=data["reason"], actor=me
            ),
            success=_("Saved."),
        )
    else:
        attempt(request, lambda: _refuse(form))
    return redirect(request, "service:case", case.pk)


@employee_view
@require_POST
def case_priority(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = actor(request)
    case = get_object_or_404(cases_visible_to(me), pk=pk)
    form = PriorityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: changes.change_priority(
                case=case, priority=data["priority"], reason=data["reason"], actor=me
            ),
            success=_("Saved."),
        )
    else:
        attempt(request, lambda: _refuse(form))
    return redirect(request, "service:case", case.pk)


def _may_return(me: Employee, case: ServiceCase) -> bool:
    """Goods come back from an open or resolved case with a delivery, entered by those who enter
    the order's returns (SALES-4)."""
    return (
        case.delivery_id is not None
        and case.state != ServiceCase.State.CLOSED
        and access.has_perm(me, "sales.manage_order")
    )


@employee_view
@require_POST
def case_step(request: HttpRequest, pk: int, verb: str) -> HttpResponseBase:
    me = actor(request)
    case = get_object_or_404(cases_visible_to(me), pk=pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: transitions.act(
                case=case,
                verb=verb,
                actor=me,
                note=data["note"],
                resolution=data["resolution"],
                cause=data["cause"],
            ),
            success=_("Saved."),
        )
    else:
        attempt(request, lambda: _refuse(form))
    return redirect(request, "service:case", case.pk)


def _refuse(form: StepForm | CaseReturnForm | ReassignForm | PriorityForm) -> None:
    field, errors = next(iter(form.errors.items()))
    raise ValidationFailed(f"{form.fields[field].label}: {errors[0]}", field=field)


@employee_view
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = actor(request)
    case = get_object_or_404(cases_visible_to(me), pk=pk)
    form = CaseReturnForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: transitions.return_from_case(
                case=case,
                quantities={data["line"]: data["quantity"]},
                location=data["location"],
                reason=data["reason"],
                actor=me,
            ),
            success=_("The return is posted."),
        )
    else:
        attempt(request, lambda: _refuse(form))
    return redirect(request, "service:case", case.pk)
