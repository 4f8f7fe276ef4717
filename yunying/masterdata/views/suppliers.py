"""Pages of the suppliers, within the actor's data scope (ORG-4): list with the Excel
download, detail, form, and blocking from new contracts (PROC-7)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, lists
from yunying.core.excel import xlsx_response
from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)

from .. import selectors
from ..forms import BlockForm, SupplierForm
from ..lists import SUPPLIERS
from ..services import exports, suppliers
from .pages import filters, today
from .parties import party_context, party_form


@employee_view
def supplier_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER, export="masterdata.supplier")
    rows = selectors.search_suppliers(
        selectors.suppliers_visible_to(me),
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
    )
    rows = lists.ordered(SUPPLIERS, rows, request.GET)
    if request.GET.get("format") == "xlsx":
        content = exports.suppliers_workbook(
            actor=me, suppliers=rows, filters=filters(request, "q", "status")
        )
        return xlsx_response(f"suppliers-{today()}.xlsx", content)
    return render(
        request,
        "masterdata/supplier_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, SUPPLIERS),
            "can_manage": access.has_perm(me, selectors.MANAGE_SUPPLIER),
        },
    )


@employee_view
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    context = party_context(me, supplier, selectors.MANAGE_SUPPLIER)
    context.update({"supplier": supplier, "block_form": BlockForm()})
    return render(request, "masterdata/supplier_detail.html", context)


@employee_view
def supplier_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_SUPPLIER)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk) if pk else None
    return party_form(
        request,
        form_class=SupplierForm,
        party=supplier,
        create=suppliers.create_supplier,
        update=lambda party, who, data: suppliers.update_supplier(
            supplier=party, actor=who, **data
        ),
        title=str(supplier) if supplier else _("New supplier"),
        back=reverse("masterdata:supplier", args=[pk])
        if supplier
        else reverse("masterdata:suppliers"),
        detail="masterdata:supplier",
        saved_message=_("Supplier saved."),
    )


@employee_view
@require_POST
def supplier_block(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Block a supplier with the reason, or lift the block (PROC-7)."""
    me = actor(request)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    if verb not in ("block", "unblock"):
        raise Http404(verb)
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")
    attempt(
        request,
        lambda: suppliers.set_supplier_blocked(
            supplier=supplier, blocked=verb == "block", reason=reason, actor=me
        ),
        success=_("Supplier blocked.") if verb == "block" else _("The block is lifted."),
    )
    return redirect(request, "masterdata:supplier", pk=pk)
