"""The Excel import page: a template and an upload form for each kind of import the user may
run (those of master data and those other apps register), and the templates to download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yunying.core.excel import xlsx_response
from yunying.core.models import Employee
from yunying.core.web import actor, attempt, employee_view, redirect

from ..forms import ImportForm as ImportUploadForm
from ..services import imports

SHOWN_ERRORS = 500


def _import_kinds(me: Employee) -> list[dict[str, Any]]:
    return [
        {
            "kind": kind.name,
            "title": kind.title,
            "note": kind.note,
            "clause": kind.clause,
            "columns": kind.columns_for(me),
            "form": ImportUploadForm(initial={"kind": kind.name}, auto_id=f"id_{kind.name}_%s"),
        }
        for kind in imports.kinds()
        if imports.may_import(me, kind.name)
    ]


@employee_view
def import_page(request: HttpRequest) -> HttpResponse:
    """One page for the Excel imports: a template and an upload form per kind the user may
    import. An import is all or nothing; a refused file shows every row error."""
    me = actor(request)
    kinds = _import_kinds(me)
    if not kinds:
        raise PermissionDenied
    result: imports.ImportResult | None = None
    failed = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        section = next((k for k in kinds if k["kind"] == kind), None)
        if section is None:
            raise PermissionDenied
        form = ImportUploadForm(request.POST, request.FILES, auto_id=f"id_{kind}_%s")
        section["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = attempt(request, lambda: imports.run_import(kind, upload, actor=me), form=form)
            if result is not None and result.ok:
                messages.success(request, imports.kind_for(kind).message(result))
                return redirect(request, "masterdata:import")
        failed = kind
    return render(
        request,
        "masterdata/import.html",
        {
            "kinds": kinds,
            "result": result,
            "failed": failed,
            "errors": result.errors[:SHOWN_ERRORS] if result else [],
            "more_errors": max(len(result.errors) - SHOWN_ERRORS, 0) if result else 0,
        },
        status=200,
    )


@employee_view
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    me = actor(request)
    if not imports.is_kind(kind):
        raise Http404(kind)
    if not imports.may_import(me, kind):
        raise PermissionDenied
    content = imports.template(kind, actor=me)
    return xlsx_response(f"{kind}-template.xlsx", content)
