"""Pages of the contact log (COMM-3): the list, logging a contact, one record with its
follow-ups, editing it (its author, for a week) and marking a follow-up done."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.core import access, lists
from yunying.core.params import as_id
from yunying.core.web import (
    actor,
    asks_for_file,
    attempt,
    employee_view,
    paginate,
    query_string_without_page,
    redirect,
    refuse_export,
    require,
)

from .. import selectors
from ..forms import ContactForm
from ..lists import CONTACTS, contact_rows
from ..models import ContactRecord, FollowUp
from ..permissions import LOG_CONTACT, VIEW_CONTACTS
from ..services import contacts


@employee_view
def contact_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not selectors.may_see_contacts(me):
        refuse_export(request, CONTACTS.what, VIEW_CONTACTS)
        raise PermissionDenied
    rows = lists.ordered(CONTACTS, contact_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, CONTACTS, rows)
    return render(
        request,
        "crm/contact_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, CONTACTS),
            "kinds": ContactRecord.Kind.choices,
            "may_log": access.has_perm(me, LOG_CONTACT),
        },
    )


@employee_view
def contact_new(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, LOG_CONTACT)
    initial = {side: as_id(request.GET.get(side)) for side in ("customer", "supplier", "promotion")}
    form = ContactForm(request.POST or None, actor=me, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: contacts.log_contact(
                actor=me,
                customer=data["customer"],
                supplier=data["supplier"],
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                contact=data["contact"],
                participants=list(data["participants"]),
                subject=data["subject"],
                notes=data["notes"],
                follow_ups=form.follow_ups(),
                promotion=data["promotion"],
            ),
            form=form,
            success=_("Contact logged."),
        )
        if done is not None:
            return redirect(request, "crm:contact", pk=done.pk)
    return render(request, "crm/contact_form.html", {"form": form, "record": None})


@employee_view
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    record = get_object_or_404(selectors.contacts_visible_to(me), pk=pk)
    return render(
        request,
        "crm/contact_detail.html",
        {
            "record": record,
            "participants": record.participants.order_by("employee_no"),
            "follow_ups": selectors.follow_ups_of(record),
            "may_edit": contacts.may_edit(me, record),
        },
    )


@employee_view
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    record = get_object_or_404(selectors.contacts_visible_to(me), pk=pk)
    if not contacts.may_edit(me, record):
        raise PermissionDenied
    initial = {
        "kind": record.kind,
        "occurred_at": record.occurred_at,
        "contact": record.contact_id,
        "participants": list(record.participants.values_list("pk", flat=True)),
        "subject": record.subject,
        "notes": record.notes,
        "promotion": record.promotion_id,
    }
    form = ContactForm(request.POST or None, actor=me, record=record, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: contacts.update_contact(
                actor=me,
                record=record,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                contact=data["contact"],
                participants=list(data["participants"]),
                subject=data["subject"],
                notes=data["notes"],
                follow_ups=form.follow_ups(),
                promotion=data["promotion"],
            ),
            form=form,
            success=_("Contact record saved."),
        )
        if done is not None:
            return redirect(request, "crm:contact", pk=record.pk)
    return render(request, "crm/contact_form.html", {"form": form, "record": record})


@employee_view
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    follow_up = get_object_or_404(
        FollowUp.objects.filter(record__in=selectors.contacts_visible_to(me)), pk=pk
    )
    attempt(
        request,
        lambda: contacts.finish_follow_up(actor=me, follow_up=follow_up),
        success=_("Follow-up done."),
    )
    return redirect(request, "crm:contact", pk=follow_up.record_id)
