"""The complaint causes page (SVC-3): the list, and a form for the supervisors to add, rename or
retire a cause."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.web import actor, attempt, employee_view, redirect

from ..forms import CauseForm
from ..models import ComplaintCause
from ..services import causes
from ..services.causes import SUPERVISE


@employee_view
def cause_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not access.has_perm(me, SUPERVISE):
        raise PermissionDenied
    form = CauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            request,
            lambda: causes.save_cause(
                code=data["code"], name=data["name"], active=data["active"], actor=me
            ),
            form=form,
            success=_("Saved."),
        )
        if saved is not None:
            return redirect(request, "service:causes")
    return render(
        request,
        "service/cause_list.html",
        {"causes": ComplaintCause.objects.order_by("code"), "form": form},
    )
