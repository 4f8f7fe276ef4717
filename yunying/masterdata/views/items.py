"""Pages of the items (list with the Excel download, detail, form) and the item categories."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

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
from ..forms import CategoryForm, ItemForm
from ..lists import ITEMS
from ..services import exports
from ..services import items as records
from .pages import filters, form_page, today

STOCK_PERMISSION = "inventory.view_stock"


@employee_view
def item_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    category = selectors.category_by_key(request.GET.get("category", ""))
    status = request.GET.get("active", "")
    rows = selectors.items(
        search=request.GET.get("q", ""),
        category=category,
        active={"1": True, "0": False}.get(status),
    )
    rows = lists.ordered(ITEMS, rows, request.GET)
    if request.GET.get("format") == "xlsx":
        content = exports.items_workbook(
            actor=me, items=rows, filters=filters(request, "q", "category", "active")
        )
        return xlsx_response(f"items-{today()}.xlsx", content)
    return render(
        request,
        "masterdata/item_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, ITEMS),
            "categories": selectors.categories(),
            "category": category,
            "show_prices": selectors.prices_visible(me),
            "can_manage": access.has_perm(me, selectors.MANAGE_ITEMS),
        },
    )


@employee_view
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    item = get_object_or_404(selectors.items(), pk=pk)
    supplier = item.default_supplier
    return render(
        request,
        "masterdata/item_detail.html",
        {
            "item": item,
            "show_prices": selectors.prices_visible(me),
            "supplier_visible": supplier is not None
            and access.in_scope(me, selectors.VIEW_SUPPLIER, supplier),
            "can_manage": access.has_perm(me, selectors.MANAGE_ITEMS),
            "can_see_stock": access.has_perm(me, STOCK_PERMISSION),
        },
    )


@employee_view
def item_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_ITEMS)
    item = get_object_or_404(selectors.items(), pk=pk) if pk else None
    form = ItemForm(
        request.POST or None,
        actor=me,
        item=item,
        initial=ItemForm.initial_for(item) if item else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        if item is None:
            saved = attempt(
                request,
                lambda: records.create_item(code=code, actor=me, **data),
                form=form,
                success=_("Item saved."),
            )
        else:
            saved = attempt(
                request,
                lambda: records.update_item(item=item, actor=me, **data),
                form=form,
                success=_("Item saved."),
            )
        if saved is not None:
            return redirect(request, "masterdata:item", pk=saved.pk)
    return form_page(
        request,
        form,
        title=str(item) if item else _("New item"),
        back=reverse("masterdata:item", args=[item.pk]) if item else reverse("masterdata:items"),
    )


@employee_view
def category_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    can_manage = access.has_perm(me, selectors.MANAGE_ITEMS)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        require(request, selectors.MANAGE_ITEMS)
        if form.is_valid():
            data = form.cleaned_data
            saved = attempt(
                request,
                lambda: records.create_category(code=data["code"], name=data["name"], actor=me),
                form=form,
                success=_("Category saved."),
            )
            if saved is not None:
                return redirect(request, "masterdata:categories")
    return render(
        request,
        "masterdata/category_list.html",
        {
            "categories": selectors.categories_with_counts(),
            "form": form,
            "can_manage": can_manage,
        },
    )
