"""What the supplier and customer pages share: the detail page's contacts card and rights, and
the form that creates or changes one within the actor's data scope (ORG-4)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from yunying.core import access
from yunying.core.web import actor, attempt, redirect

from .. import panels, selectors
from ..forms import ContactForm, PartyForm
from ..models import Customer, Supplier
from .pages import form_page


def party_context(me: Any, party: Supplier | Customer, code: str) -> dict[str, Any]:
    may_manage = access.has_perm(me, code) and access.in_scope(me, code, party)
    return {
        "contacts": selectors.contacts_of(party),
        "can_manage": may_manage,
        "contact_form": ContactForm() if may_manage else None,
        "party": party,
        "kind": "supplier" if isinstance(party, Supplier) else "customer",
        "panels": panels.for_party(me, party),  # blocks of the apps above (the contact log)
    }


def party_form(
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
    return form_page(request, form, title=title, back=back, clause="ORG-4")
