"""Pages of promotion plans (MKT-2): the list, drafting and changing a plan, the plan with its
approval and its results against target and budget, and its steps (submit, revise, cancel,
close)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, lists
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

from .. import results, selectors
from ..forms import PromotionForm
from ..lists import PROMOTIONS, promotion_rows
from ..models import Channel, Promotion
from ..permissions import PLAN_PROMOTION, VIEW_PROMOTION
from ..services import promotions


@employee_view
def promotion_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    if not selectors.may_see_promotions(me):
        refuse_export(request, PROMOTIONS.what, VIEW_PROMOTION)
        raise PermissionDenied
    rows = lists.ordered(PROMOTIONS, promotion_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, PROMOTIONS, rows)
    return render(
        request,
        "crm/promotion_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, PROMOTIONS),
            "states": Promotion.State.choices,
            "channels": Channel.choices,
            "may_plan": access.has_perm(me, PLAN_PROMOTION),
        },
    )


@employee_view
def promotion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    promotion = get_object_or_404(selectors.promotions_visible_to(me), pk=pk)
    request_obj = approvals.latest_request(promotion)
    points = results.series(promotion)
    return render(
        request,
        "crm/promotion_detail.html",
        {
            "promotion": promotion,
            "results": results.results_of(promotion),
            "chart": results.chart(promotion, points) if points else None,
            "request_obj": request_obj,
            "may_plan": promotions.may_plan(me, promotion),
            "regions": promotion.regions.order_by("path"),
            "items": promotion.items.order_by("code"),
        },
    )


def _form_page(
    request: HttpRequest, form: PromotionForm, promotion: Promotion | None
) -> HttpResponse:
    return render(request, "crm/promotion_form.html", {"form": form, "promotion": promotion})


@employee_view
def promotion_new(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(request, PLAN_PROMOTION)
    form = PromotionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: promotions.create_promotion(plan=form.plan(), actor=me),
            form=form,
            success=_("Promotion plan drafted."),
        )
        if done is not None:
            return redirect(request, "crm:promotion", pk=done.pk)
    return _form_page(request, form, None)


@employee_view
def promotion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    promotion = get_object_or_404(selectors.promotions_visible_to(me), pk=pk)
    if not promotions.may_plan(me, promotion):
        raise PermissionDenied
    if promotion.state not in Promotion.EDITABLE_STATES:
        messages.error(
            request,
            _("%(promotion)s is %(state)s; it can no longer be changed.")
            % {"promotion": promotion.number, "state": promotion.get_state_display()},
        )
        return redirect(request, "crm:promotion", pk=promotion.pk)
    form = PromotionForm(request.POST or None, promotion=promotion)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: promotions.update_promotion(promotion=promotion, plan=form.plan(), actor=me),
            form=form,
            success=_("Promotion plan saved."),
        )
        if done is not None:
            return redirect(request, "crm:promotion", pk=promotion.pk)
    return _form_page(request, form, promotion)


@employee_view
@require_POST
def promotion_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    me = actor(request)
    promotion = get_object_or_404(selectors.promotions_visible_to(me), pk=pk)
    actions = {
        "submit": (promotions.submit_promotion, _("Submitted for approval.")),
        "revise": (
            promotions.revise_promotion,
            _("The plan is a draft again: change it and submit it."),
        ),
        "cancel": (promotions.cancel_promotion, _("Promotion cancelled.")),
        "close": (promotions.close_promotion, _("Promotion closed: its results stay.")),
    }
    if verb not in actions:
        raise Http404(verb)
    service, message = actions[verb]
    attempt(request, lambda: service(promotion=promotion, actor=me), success=message)
    return redirect(request, "crm:promotion", pk=pk)
