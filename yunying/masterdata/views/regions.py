"""Pages of the sales regions: the tree with the customers in each region, and a new region
(SALES-6)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.web import actor, attempt, employee_view, redirect, require

from .. import selectors
from ..forms import RegionForm
from ..services import regions
from .pages import form_page


@employee_view
def region_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    if not (
        access.has_perm(me, selectors.VIEW_CUSTOMER)
        or access.has_perm(me, selectors.MANAGE_CUSTOMER)
    ):
        raise PermissionDenied
    return render(
        request,
        "masterdata/region_list.html",
        {
            "tree": selectors.regions_tree(selectors.customers_visible_to(me)),
            "can_manage": access.has_perm(me, selectors.MANAGE_CUSTOMER),
            "can_see_customers": access.has_perm(me, selectors.VIEW_CUSTOMER),
        },
    )


@employee_view
def region_form(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_CUSTOMER)
    form = RegionForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: regions.create_region(actor=me, **form.cleaned_data),
            form=form,
            success=_("Region saved."),
        )
        if saved is not None:
            return redirect(request, "masterdata:regions")
    return form_page(
        request, form, title=_("New region"), back=reverse("masterdata:regions"), clause="SALES-6"
    )
