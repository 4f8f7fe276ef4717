"""Saving and deleting the filters of a list page (``core.lists``): the form of
``core/_list_tools.html`` posts here and comes back to the list with the filter applied."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import lists
from ..models import SavedFilter
from ..params import as_id
from ..services import saved_filters
from ..web import actor, attempt, employee_view, redirect


def _list_url(spec: lists.ListSpec, query: str = "") -> str:
    try:
        url = reverse(spec.url_name)
    except NoReverseMatch:
        raise Http404 from None
    return f"{url}?{query}" if query else url


@require_POST
@employee_view
def saved_filter_save(request: HttpRequest, list_name: str) -> HttpResponse:
    spec = lists.get(list_name)
    if spec is None:
        raise Http404
    query = request.POST.get("query", "")
    saved = attempt(
        request,
        lambda: saved_filters.save_filter(
            actor=actor(request),
            list_name=list_name,
            name=request.POST.get("name", ""),
            query=query,
        ),
        success=_("The filter is saved."),
    )
    return redirect(request, _list_url(spec, saved.query if saved else query))


@require_POST
@employee_view
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = SavedFilter.objects.filter(owner=actor(request), pk=as_id(pk) or 0).first()
    if found is None:
        raise Http404
    spec = lists.get(found.list_name)
    attempt(
        request,
        lambda: saved_filters.delete_filter(actor=actor(request), pk=found.pk),
        success=_("The saved filter “%(name)s” is deleted.") % {"name": found.name},
    )
    return redirect(request, _list_url(spec) if spec else reverse("core:inbox"))
