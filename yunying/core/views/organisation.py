"""Pages of the organisation: the department tree, employees and positions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import access, lists, selectors
from ..exports import employees_workbook
from ..forms import DepartmentForm, EmployeeForm, NewEmployeeForm, PositionForm
from ..list_specs import EMPLOYEES, employee_rows
from ..models import Department
from ..services import assignment, org, position_change
from ..services.employees import MANAGE_EMPLOYEE, create_employee, update_employee
from ..web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)


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
    employees = lists.ordered(EMPLOYEES, employee_rows(me, request.GET), request.GET)
    if request.GET.get("format") == "xlsx":
        return employees_workbook(me, employees)
    return render(
        request,
        "core/employee_list.html",
        {
            "page": paginate(request, employees),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, EMPLOYEES),
            "departments": selectors.departments(),
            "can_manage": access.has_perm(me, MANAGE_EMPLOYEE),
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
            "can_manage": access.has_perm(me, MANAGE_EMPLOYEE)
            and access.in_scope(me, MANAGE_EMPLOYEE, employee),
            "assignment_changes": employee.assignment_changes.select_related(
                "created_by"
            ).prefetch_related("positions")[:10],
        },
    )


@employee_view
def employee_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, MANAGE_EMPLOYEE)
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
            saved = attempt(request, lambda: create_employee(actor=me, **data), form=form)
        else:
            saved = attempt(
                request,
                lambda: update_employee(employee=employee, actor=me, reason=reason, **data),
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
