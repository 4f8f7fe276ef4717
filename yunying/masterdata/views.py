"""Pages of the master data: items and categories, suppliers, customers and regions, warehouses
and locations, and the Excel import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access
from yunying.core.excel import xlsx_response
from yunying.core.params import as_id
from yunying.core.web import (
    actor,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    require,
)

from . import selectors
from .forms import (
    BlockForm,
    CategoryForm,
    ContactForm,
    CustomerForm,
    ItemForm,
    LocationForm,
    PartyForm,
    RegionForm,
    SupplierForm,
    WarehouseForm,
)
from .forms import ImportForm as ImportUploadForm
from .models import Customer, Location, Supplier, Warehouse
from .services import exports, imports, records

STOCK_PERMISSION = "inventory.view_stock"


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    subtitle: str = "",
    clause: str = "",
) -> HttpResponse:
    return render(
        request,
        "masterdata/form.html",
        {"form": form, "title": title, "back": back, "subtitle": subtitle, "clause": clause},
    )


def _filters(request: HttpRequest, *names: str) -> dict[str, str]:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def _today() -> str:
    return f"{timezone.localdate():%Y%m%d}"


# ----------------------------------------------------------------------------- items


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
    if request.GET.get("format") == "xlsx":
        content = exports.items_workbook(
            actor=me, items=rows, filters=_filters(request, "q", "category", "active")
        )
        return xlsx_response(f"items-{_today()}.xlsx", content)
    return render(
        request,
        "masterdata/item_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
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
    return _form_page(
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


# ----------------------------------------------------------------------------- parties


def _party_context(me: Any, party: Supplier | Customer, code: str) -> dict[str, Any]:
    may_manage = access.has_perm(me, code) and access.in_scope(me, code, party)
    return {
        "contacts": selectors.contacts_of(party),
        "can_manage": may_manage,
        "contact_form": ContactForm() if may_manage else None,
        "party": party,
        "kind": "supplier" if isinstance(party, Supplier) else "customer",
    }


def _party_form(
    request: HttpRequest,
    *,
    form_class: type[PartyForm],
    party: Supplier | Customer | None,
    create: Any,
    update: Any,
    title: str,
    back: str,
    detail: str,
    saved_message: str,
) -> HttpResponse:
    me = actor(request)
    form = form_class(
        request.POST or None,
        actor=me,
        party=party,
        initial=form_class.initial_for(party) if party else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        if party is None:
            saved = attempt(
                request,
                lambda: create(code=code, actor=me, **data),
                form=form,
                success=saved_message,
            )
        else:
            saved = attempt(
                request, lambda: update(party, me, data), form=form, success=saved_message
            )
        if saved is not None:
            return redirect(request, detail, pk=saved.pk)
    return _form_page(request, form, title=title, back=back, clause="ORG-4")


@employee_view
def supplier_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER, export="masterdata.supplier")
    rows = selectors.search_suppliers(
        selectors.suppliers_visible_to(me),
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
    )
    if request.GET.get("format") == "xlsx":
        content = exports.suppliers_workbook(
            actor=me, suppliers=rows, filters=_filters(request, "q", "status")
        )
        return xlsx_response(f"suppliers-{_today()}.xlsx", content)
    return render(
        request,
        "masterdata/supplier_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "can_manage": access.has_perm(me, selectors.MANAGE_SUPPLIER),
        },
    )


@employee_view
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    context = _party_context(me, supplier, selectors.MANAGE_SUPPLIER)
    context.update({"supplier": supplier, "block_form": BlockForm()})
    return render(request, "masterdata/supplier_detail.html", context)


@employee_view
def supplier_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_SUPPLIER)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk) if pk else None
    return _party_form(
        request,
        form_class=SupplierForm,
        party=supplier,
        create=records.create_supplier,
        update=lambda party, who, data: records.update_supplier(supplier=party, actor=who, **data),
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
        lambda: records.set_supplier_blocked(
            supplier=supplier, blocked=verb == "block", reason=reason, actor=me
        ),
        success=_("Supplier blocked.") if verb == "block" else _("The block is lifted."),
    )
    return redirect(request, "masterdata:supplier", pk=pk)


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
    if request.GET.get("format") == "xlsx":
        content = exports.customers_workbook(
            actor=me, customers=rows, filters=_filters(request, "q", "region", "kind")
        )
        return xlsx_response(f"customers-{_today()}.xlsx", content)
    return render(
        request,
        "masterdata/customer_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
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
    context = _party_context(me, customer, selectors.MANAGE_CUSTOMER)
    context["customer"] = customer
    return render(request, "masterdata/customer_detail.html", context)


@employee_view
def customer_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_CUSTOMER)
    customer = get_object_or_404(selectors.customers_visible_to(me), pk=pk) if pk else None
    return _party_form(
        request,
        form_class=CustomerForm,
        party=customer,
        create=records.create_customer,
        update=lambda party, who, data: records.update_customer(customer=party, actor=who, **data),
        title=str(customer) if customer else _("New customer"),
        back=reverse("masterdata:customer", args=[pk])
        if customer
        else reverse("masterdata:customers"),
        detail="masterdata:customer",
        saved_message=_("Customer saved."),
    )


def _party_of(request: HttpRequest, kind: str, pk: int) -> Supplier | Customer:
    me = actor(request)
    if kind == "supplier":
        return get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    if kind == "customer":
        return get_object_or_404(selectors.customers_visible_to(me), pk=pk)
    raise Http404(kind)


def _contacts_answer(
    request: HttpRequest, party: Supplier | Customer, form: ContactForm | None = None
) -> HttpResponse:
    """HTMX gets the contacts card again; a plain form post goes back to the detail page."""
    if request.headers.get("HX-Request"):
        me = actor(request)
        code = (
            selectors.MANAGE_SUPPLIER if isinstance(party, Supplier) else selectors.MANAGE_CUSTOMER
        )
        context = _party_context(me, party, code)
        if form is not None:
            context["contact_form"] = form
        return render(request, "masterdata/_contacts.html", context)
    name = "masterdata:supplier" if isinstance(party, Supplier) else "masterdata:customer"
    return redirect(request, name, pk=party.pk)


@employee_view
@require_POST
def contact_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    party = _party_of(request, kind, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        saved = attempt(
            request,
            lambda: records.add_contact(party=party, actor=actor(request), **form.cleaned_data),
            form=form,
        )
        if saved is not None:
            return _contacts_answer(request, party)
    elif not request.headers.get("HX-Request"):
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return _contacts_answer(request, party, form)


@employee_view
@require_POST
def contact_remove(request: HttpRequest, kind: str, pk: int, contact: int) -> HttpResponse:
    party = _party_of(request, kind, pk)
    contacts = selectors.contacts_of(party)
    found = get_object_or_404(contacts, pk=contact)
    attempt(request, lambda: records.remove_contact(contact=found, actor=actor(request)))
    return _contacts_answer(request, party)


# ----------------------------------------------------------------------------- regions


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
            lambda: records.create_region(actor=me, **form.cleaned_data),
            form=form,
            success=_("Region saved."),
        )
        if saved is not None:
            return redirect(request, "masterdata:regions")
    return _form_page(
        request, form, title=_("New region"), back=reverse("masterdata:regions"), clause="SALES-6"
    )


# ----------------------------------------------------------------------------- warehouses


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


@employee_view
def warehouse_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = actor(request)
    require(request, selectors.MANAGE_ITEMS)
    warehouse = get_object_or_404(Warehouse, pk=pk) if pk else None
    initial = (
        {
            "code": warehouse.code,
            "name": warehouse.name,
            "address": warehouse.address,
            "active": warehouse.active,
        }
        if warehouse
        else None
    )
    form = WarehouseForm(request.POST or None, initial=initial)
    if warehouse is not None:
        form.fields["code"].disabled = True
    else:
        del form.fields["active"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        if warehouse is None:
            saved = attempt(
                request,
                lambda: records.create_warehouse(code=code, actor=me, **data),
                form=form,
                success=_("Warehouse saved."),
            )
        else:
            saved = attempt(
                request,
                lambda: records.update_warehouse(warehouse=warehouse, actor=me, **data),
                form=form,
                success=_("Warehouse saved."),
            )
        if saved is not None:
            return redirect(request, "masterdata:warehouses")
    return _form_page(
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
        {
            "code": location.code,
            "name": location.name,
            "kind": location.kind,
            "active": location.active,
        }
        if location
        else {"kind": Location.Kind.STORAGE}
    )
    form = LocationForm(request.POST or None, initial=initial)
    if location is not None:
        form.fields["code"].disabled = True
    else:
        del form.fields["active"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        if location is None:
            saved = attempt(
                request,
                lambda: records.create_location(warehouse=where, code=code, actor=me, **data),
                form=form,
                success=_("Location saved."),
            )
        else:
            saved = attempt(
                request,
                lambda: records.update_location(location=location, actor=me, **data),
                form=form,
                success=_("Location saved."),
            )
        if saved is not None:
            return redirect(request, "masterdata:warehouses")
    return _form_page(
        request,
        form,
        title=str(location) if location else _("New location"),
        subtitle=str(where),
        back=reverse("masterdata:warehouses"),
    )


# ----------------------------------------------------------------------------- import


def _import_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    me = actor(request)
    return [
        {
            "kind": kind,
            "title": sheet.title,
            "columns": imports.columns_for(me, kind),
            "form": ImportUploadForm(initial={"kind": kind}, auto_id=f"id_{kind}_%s"),
        }
        for kind, sheet in imports.SHEETS.items()
        if imports.may_import(me, kind)
    ]


@employee_view
def import_page(request: HttpRequest) -> HttpResponse:
    """One page for the Excel imports: a template and an upload form per kind the user may
    import. An import is all or nothing; a refused file shows every row error."""
    me = actor(request)
    kinds = _import_kinds(request)
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
                if kind == "opening":
                    message = _("Opening stock posted as %(number)s: %(n)s lines.") % {
                        "number": result.number,
                        "n": result.created,
                    }
                else:
                    message = _("%(what)s imported: %(created)s new, %(updated)s updated.") % {
                        "what": section["title"],
                        "created": result.created,
                        "updated": result.updated,
                    }
                messages.success(request, message)
                return redirect(request, "masterdata:import")
        failed = kind
    return render(
        request,
        "masterdata/import.html",
        {
            "kinds": kinds,
            "result": result,
            "failed": failed,
            "errors": result.errors[:500] if result else [],
            "more_errors": max(len(result.errors) - 500, 0) if result else 0,
        },
        status=200,
    )


@employee_view
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    me = actor(request)
    if kind not in imports.SHEETS:
        raise Http404(kind)
    if not imports.may_import(me, kind):
        raise PermissionDenied
    content = imports.template(kind, actor=me)
    return xlsx_response(f"{kind}-template.xlsx", content)
