"""The contacts card of a supplier or a customer: adding and removing contact persons, answered
with the card again for HTMX or with the detail page otherwise."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from yunying.core.web import actor, attempt, employee_view, redirect

from .. import selectors
from ..forms import ContactForm
from ..models import Customer, Supplier
from ..services import contacts
from .parties import party_context


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
        context = party_context(me, party, code)
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
            lambda: contacts.add_contact(party=party, actor=actor(request), **form.cleaned_data),
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
    found = get_object_or_404(selectors.contacts_of(party), pk=contact)
    attempt(request, lambda: contacts.remove_contact(contact=found, actor=actor(request)))
    return _contacts_answer(request, party)
