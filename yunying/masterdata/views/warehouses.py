"""Pages of the warehouses and their locations: the list, and the forms that create or change
them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.web import actor, attempt, employee_view, redirect, require

from .. import selectors
from ..forms import LocationForm, WarehouseForm
from ..models import Location, Warehouse
from ..services import warehouses as records
from .pages import form_page


@employee_view
def warehouse_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "masterdata/warehouse_list.html",
        {
            "warehouses": selectors.warehouses(),
            "can_manage": access.has_perm(actor(request), selectors.MANAGE_ITEMS),
        },
    )


def _form(
    form_class: type[forms.Form], request: HttpRequest, initial: dict[str, Any] | None, new: bool
) -> forms.Form:
    """The form of a new record (active, so without that field) or of one to change (its code
    kept)."""
    form = form_class(request.POST or None, initial=initial)
    if new:
        del form.fields["active"]
    else:
        form.fields["code"].disabled = True
    return form


def _save(
    request: HttpRequest,
    form: forms.Form,
    *,
    create: Callable[..., Any],
    update: Callable[..., Any] | None,
    success: str,
) -> Any:
    """The record created (with the code entered) or changed; ``None`` if refused."""
    data = dict(form.cleaned_data)
    code = data.pop("code")
    if update is None:
        return attempt(request, lambda: create(code=code, **data), form=form, success=success)
    return attempt(request, lambda: update(**data), form=form, success=success)


@employee_view
def warehouse_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_ITEMS)
    warehouse = get_object_or_404(Warehouse, pk=pk) if pk else None
    initial = (
        {name: getattr(warehouse, name) for name in ("code", "name", "address", "active")}
        if warehouse
        else None
    )
    form = _form(WarehouseForm, request, initial, new=warehouse is None)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            create=partial(records.create_warehouse, actor=me),
            update=partial(records.update_warehouse, warehouse=warehouse, actor=me)
            if warehouse
            else None,
            success=_("Warehouse saved."),
        )
        if saved is not None:
            return redirect(request, "masterdata:warehouses")
    return form_page(
        request,
        form,
        title=warehouse.name if warehouse else _("New warehouse"),
        back=reverse("masterdata:warehouses"),
    )


@employee_view
def location_form(
    request: HttpRequest, warehouse: int | None = None, pk: int | None = None
) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_ITEMS)
    location = get_object_or_404(selectors.locations(), pk=pk) if pk else None
    where = location.warehouse if location else get_object_or_404(Warehouse, pk=warehouse)
    initial = (
        {name: getattr(location, name) for name in ("code", "name", "kind", "active")}
        if location
        else {"kind": Location.Kind.STORAGE}
    )
    form = _form(LocationForm, request, initial, new=location is None)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            create=partial(records.create_location, warehouse=where, actor=me),
            update=partial(records.update_location, location=location, actor=me)
            if location
            else None,
            success=_("Location saved."),
        )
        if saved is not None:
            return redirect(request, "masterdata:warehouses")
    return form_page(
        request,
        form,
        title=str(location) if location else _("New location"),
        subtitle=str(where),
        back=reverse("masterdata:warehouses"),
    )
