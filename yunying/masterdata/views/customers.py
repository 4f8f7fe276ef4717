"""Pages of the customers, within the actor's data scope (ORG-4): list by region and type with
the Excel download, detail and form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yunying.core import access, lists
from yunying.core.excel import xlsx_response
from yunying.core.params import as_id
from yunying.core.web import (
    actor,
    employee_view,
    paginate,
    query_string_without_page,
    require,
)

from .. import selectors
from ..forms import CustomerForm
from ..lists import CUSTOMERS
from ..models import Customer
from ..services import customers, exports
from .pages import filters, today
from .parties import party_context, party_form


@employee_view
def customer_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, selectors.VIEW_CUSTOMER, export="masterdata.customer")
    region_key = request.GET.get("region", "")
    region_id = as_id(region_key)
    region = selectors.regions().filter(pk=region_id).first() if region_id is not None else None
    kind = request.GET.get("kind", "")
    rows = selectors.search_customers(
        selectors.customers_visible_to(me),
        search=request.GET.get("q", ""),
        region=region,
        kind=kind,
    )
    rows = lists.ordered(CUSTOMERS, rows, request.GET)
    if request.GET.get("format") == "xlsx":
        content = exports.customers_workbook(
            actor=me, customers=rows, filters=filters(request, "q", "region", "kind")
        )
        return xlsx_response(f"customers-{today()}.xlsx", content)
    return render(
        request,
        "masterdata/customer_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, CUSTOMERS),
            "regions": selectors.region_choices(),
            "region": region,
            "kinds": Customer.Kind.choices,
            "can_manage": access.has_perm(me, selectors.MANAGE_CUSTOMER),
        },
    )


@employee_view
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    customer = get_object_or_404(selectors.customers_visible_to(me), pk=pk)
    context = party_context(me, customer, selectors.MANAGE_CUSTOMER)
    context["customer"] = customer
    return render(request, "masterdata/customer_detail.html", context)


@employee_view
def customer_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_CUSTOMER)
    customer = get_object_or_404(selectors.customers_visible_to(me), pk=pk) if pk else None
    return party_form(
        request,
        form_class=CustomerForm,
        party=customer,
        create=customers.create_customer,
        update=lambda party, who, data: customers.update_customer(
            customer=party, actor=who, **data
        ),
        title=str(customer) if customer else _("New customer"),
        back=reverse("masterdata:customer", args=[pk])
        if customer
        else reverse("masterdata:customers"),
        detail="masterdata:customer",
        saved_message=_("Customer saved."),
    )
