"""Pages of the organisation, the inbox (我的待办) and the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.policy import selectors as policy

from . import access, security, selectors
from .exports import employees_workbook
from .forms import DepartmentForm, EmployeeForm, NewEmployeeForm, PositionChangeForm, PositionForm
from .models import Department, Notification, Position
from .params import as_id
from .services import assignment, audit_chain, inbox, org, position_change
from .web import (
    actor,
    attempt,
    employee_view,
    keyset_paginate,
    paginate,
    query_string_without_page,
    redirect,
    require,
)


@employee_view
def inbox_page(request: HttpRequest) -> HttpResponse:
    """我的待办: approvals waiting for me, my tasks, regulations to acknowledge, news."""
    me = actor(request)
    return render(
        request,
        "core/inbox.html",
        {
            "pending": approvals.pending_for(me)[:100],
            "tasks": selectors.open_tasks(me).order_by("due_at", "-created_at")[:100],
            "acknowledgements": policy.pending_acknowledgements(me),
            "notifications": Notification.objects.filter(recipient=me).order_by("-created_at")[:30],
            "unread": selectors.unread_notifications(me).count(),
            "submitted": approvals.visible_requests(me)
            .filter(requester=me, state="pending")
            .order_by("-submitted_at")[:20],
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


@employee_view
def org_tree(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/org_tree.html",
        {
            "tree": selectors.department_tree(),
            "can_manage": access.has_perm(actor(request), org.MANAGE_ORG),
        },
    )


@employee_view
def department_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, org.MANAGE_ORG)
    department = get_object_or_404(Department, pk=pk) if pk else None
    initial = (
        {
            "code": department.code,
            "name": department.name,
            "parent": department.parent,
            "sort_order": department.sort_order,
        }
        if department
        else {}
    )
    form = DepartmentForm(request.POST or None, initial=initial)
    if department:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        me = actor(request)
        if department is None:
            done = attempt(
                request,
                lambda: org.create_department(
                    code=data["code"],
                    name=data["name"],
                    parent=data["parent"],
                    sort_order=data["sort_order"] or 0,
                    actor=me,
                ),
                form=form,
                success=_("Department saved."),
            )
        else:
            done = attempt(
                request,
                lambda: org.update_department(
                    department=department,
                    name=data["name"],
                    parent=data["parent"],
                    sort_order=data["sort_order"] or 0,
                    actor=me,
                ),
                form=form,
                success=_("Department saved."),
            )
        if done is not None:
            return redirect(request, "core:org")
    return render(
        request, "core/form.html", {"form": form, "title": _("Department"), "back": "core:org"}
    )


@employee_view
def employee_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, selectors.VIEW_EMPLOYEE, export="core.employee")
    employees = selectors.employees_visible_to(me)
    q = request.GET.get("q", "").strip()
    if q:
        employees = employees.filter(
            Q(name__icontains=q) | Q(employee_no__icontains=q) | Q(user__username__icontains=q)
        )
    department_id = request.GET.get("department")
    department_pk = as_id(department_id)
    if department_pk is not None:
        department = Department.objects.filter(pk=department_pk).first()
        if department:
            employees = employees.filter(department__path__startswith=department.path)
    if request.GET.get("format") == "xlsx":
        return employees_workbook(me, employees)
    return render(
        request,
        "core/employee_list.html",
        {
            "page": paginate(request, employees),
            "query": query_string_without_page(request),
            "departments": selectors.departments(),
            "can_manage": access.has_perm(me, org.MANAGE_EMPLOYEE),
        },
    )


@employee_view
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    require(request, selectors.VIEW_EMPLOYEE)
    employee = get_object_or_404(selectors.employees_visible_to(me), pk=pk)
    return render(
        request,
        "core/employee_detail.html",
        {
            "person": employee,
            "show_salary": employee.pk
            in selectors.salary_visible_ids(me, selectors.employees_visible_to(me).filter(pk=pk)),
            "can_manage": access.has_perm(me, org.MANAGE_EMPLOYEE)
            and access.in_scope(me, org.MANAGE_EMPLOYEE, employee),
            "assignment_changes": employee.assignment_changes.select_related(
                "created_by"
            ).prefetch_related("positions")[:10],
        },
    )


@employee_view
def employee_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, org.MANAGE_EMPLOYEE)
    employee = get_object_or_404(selectors.employees_visible_to(me), pk=pk) if pk else None
    if employee is None:
        form: EmployeeForm = NewEmployeeForm(request.POST or None)
    else:
        form = EmployeeForm(
            request.POST or None,
            initial={
                "name": employee.name,
                "department": employee.department,
                "positions": list(employee.positions.all()),
                "superior": employee.superior,
                "monthly_salary": employee.monthly_salary,
                "email": employee.email,
                "phone": employee.phone,
            },
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        if employee is None:
            saved = attempt(request, lambda: org.create_employee(actor=me, **data), form=form)
        else:
            saved = attempt(
                request,
                lambda: org.update_employee(employee=employee, actor=me, reason=reason, **data),
                form=form,
            )
        if saved is not None:
            change = assignment.pending(saved)
            messages.success(
                request,
                _("Employee saved. The positions take effect once %(change)s is approved.")
                % {"change": change.number}
                if change is not None and change.state == "submitted"
                else _("Employee saved."),
            )
            return redirect(request, "core:employee", pk=saved.pk)
    return render(
        request, "core/form.html", {"form": form, "title": _("Employee"), "back": "core:employees"}
    )


@employee_view
def position_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/position_list.html",
        {
            "positions": selectors.positions().prefetch_related("holders"),
            "can_manage": access.has_perm(actor(request), org.MANAGE_ORG),
        },
    )


@employee_view
def position_form(request: HttpRequest) -> HttpResponse:
    require(request, org.MANAGE_ORG)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        position = attempt(
            request,
            lambda: org.create_position(actor=actor(request), **form.cleaned_data),
            form=form,
        )
        if position is not None:
            messages.success(
                request, _("Position created. Give it permissions by a position change.")
            )
            return redirect(request, "core:position", pk=position.pk)
    return render(
        request, "core/form.html", {"form": form, "title": _("Position"), "back": "core:positions"}
    )


@employee_view
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(selectors.positions().prefetch_related("holders"), pk=pk)
    me = actor(request)
    return render(
        request,
        "core/position_detail.html",
        {
            "position": position,
            "permissions": [
                (p, access.permission(p.code)) for p in selectors.position_permissions(position)
            ],
            "history": selectors.position_history(position).select_related("created_by"),
            "open_changes": selectors.position_changes_visible_to(me).filter(
                position=position, state__in=["draft", "submitted", "returned"]
            ),
            "may_draft": position_change.may_draft(me, position),
        },
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
            "request_obj": approvals.latest_request(change),
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


# --------------------------------------------------------------------------- audit


@employee_view
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request, "core.view_audit")
    events = selectors.audit_events()
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(
            Q(action__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(actor_name__icontains=q)
            | Q(clause__iexact=q)
        )
    result = audit_chain.verify() if request.GET.get("verify") else None
    return render(
        request,
        "core/audit_list.html",
        {
            # The trail only grows: pages by cursor down its sequence, no count.
            "page": keyset_paginate(request, events, ("-seq",)),
            "query": query_string_without_page(request),
            "verify": result,
            "verify_problem": audit_chain.describe(result) if result and not result.ok else "",
        },
    )


# --------------------------------------------------------------------------- own password


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change your own password (any signed-in user): the old one, the new one twice, checked
    against the password validators. This browser stays signed in; other sessions and the API
    token end."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:inbox")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        security.change_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())
