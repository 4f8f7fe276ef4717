"""Pages of purchase and replenishment plans: the list, the form with the system's proposal
(PROC-1, INV-2), the plan with its approval (PROC-2, INV-3) and the open plan lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    require,
)
from yunying.inventory import replenishment
from yunying.masterdata.models import Item, Supplier
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..forms import (
    PlanForm,
    PlanLineFormSet,
    plain,
    plan_line_initial,
)
from ..lists import PLANS, plan_rows
from ..models import (
    PurchasePlan,
)
from ..services import plans


@employee_view
def plan_list(request: HttpRequest) -> HttpResponseBase:
    """Plans the person may see: their own, those in their scope and, for procurement, the
    approved ones (PROC-2)."""
    me = actor(request)
    rows = lists.ordered(PLANS, plan_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, PLANS, rows)
    return render(
        request,
        "procurement/plan_list.html",
        {
            "page": paginate(request, rows.prefetch_related("lines")),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, PLANS),
            "kinds": PurchasePlan.Kind.choices,
            "states": PurchasePlan.State.choices,
            "can_draft": access.has_perm(me, selectors.DRAFT_PLAN),
            "can_contract": access.has_perm(me, selectors.MANAGE_CONTRACT),
            "prices": prices_visible(me),
        },
    )


def _proposed_rows(
    rows: list[dict[str, Any]], suppliers: QuerySet[Supplier]
) -> tuple[list[dict[str, Any]], dict[int, replenishment.Proposal]]:
    """Add the system's proposal (INV-2, PROC-1) for the items not yet on the form: items whose
    stock, planned supply and forecast demand call for an order."""
    present = {str(row.get("item")) for row in rows}
    visible_suppliers = set(suppliers.values_list("pk", flat=True))
    found = replenishment.proposals(Item.objects.filter(active=True), only_needed=True)
    added = []
    for proposal in found:
        item = proposal.item
        if str(item.pk) in present or proposal.quantity <= 0:
            continue
        added.append(
            {
                "item": item.pk,
                "quantity": plain(proposal.quantity),
                "proposed_quantity": plain(proposal.quantity),
                "needed_by": "",
                "estimated_price": plain(item.standard_cost),
                "supplier": item.default_supplier_id
                if item.default_supplier_id in visible_suppliers
                else "",
                "note": "",
            }
        )
    return rows + added, {p.item.pk: p for p in found}


def _plan_form_page(
    request: HttpRequest,
    plan: PurchasePlan | None,
    form: PlanForm,
    formset: Any,
) -> HttpResponse:
    return render(
        request,
        "procurement/plan_form.html",
        {
            "plan": plan,
            "form": form,
            "formset": formset,
            "prices": prices_visible(actor(request)),
        },
    )


@dataclass
class _PlanEditing:
    """What the plan form works with: the plan being changed (None for a new one), the header
    it starts from and the options of its lines."""

    plan: PurchasePlan | None
    header: dict[str, Any]
    suppliers: QuerySet[Supplier]
    form_kwargs: dict[str, Any]

    def header_form(self, *args: Any, **kwargs: Any) -> PlanForm:
        form = PlanForm(*args, **kwargs)
        if self.plan is not None:
            form.fields["kind"].disabled = True
        return form

    def formset(self, data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
        return PlanLineFormSet(data, prefix="lines", initial=initial, form_kwargs=self.form_kwargs)


def _plan_editing(request: HttpRequest, plan: PurchasePlan | None) -> _PlanEditing:
    me = actor(request)
    suppliers = selectors.suppliers_visible_to(me).filter(active=True)
    header: dict[str, Any] = (
        {
            "kind": plan.kind,
            "title": plan.title,
            "needed_by": plan.needed_by,
            "reason": plan.reason,
        }
        if plan
        else {
            "kind": request.GET.get("kind") or PurchasePlan.Kind.PURCHASE,
            "needed_by": timezone.localdate() + datetime.timedelta(days=30),
        }
    )
    return _PlanEditing(
        plan=plan,
        header=header,
        suppliers=suppliers,
        form_kwargs={"suppliers": suppliers, "prices": prices_visible(me)},
    )


def _announce_proposed(request: HttpRequest, added: int) -> None:
    if added:
        messages.info(
            request,
            ngettext(
                "%(n)s line proposed from stock, open demand, planned supply and "
                "the demand forecast. Check it before saving.",
                "%(n)s lines proposed from stock, open demand, planned supply and "
                "the demand forecast. Check them before saving.",
                added,
            )
            % {"n": added},
        )
    else:
        messages.info(
            request,
            _("Nothing more to propose: stock and planned supply cover the need."),
        )


def _refill(
    request: HttpRequest, editing: _PlanEditing, form: PlanForm, formset: Any
) -> HttpResponse:
    """ "Propose lines" or "Add a line": the form again with what was typed, plus the proposed
    lines or one empty row; nothing is saved."""
    rows = formset.rows()
    proposals: dict[int, replenishment.Proposal] = {}
    if "propose" in request.POST:
        before = len(rows)
        rows, proposals = _proposed_rows(rows, editing.suppliers)
        _announce_proposed(request, len(rows) - before)
    typed = {name: form[name].value() for name in form.fields}
    form = editing.header_form(initial=typed)
    formset = editing.formset(initial=rows)
    formset.extra = 1 if "add_line" in request.POST or not rows else 0
    for line_form in formset.forms:
        item_id = line_form.initial.get("item")
        if item_id and str(item_id).isdigit():
            line_form.proposal = proposals.get(int(item_id))
    return _plan_form_page(request, editing.plan, form, formset)


def _save_plan(
    request: HttpRequest, plan: PurchasePlan | None, form: PlanForm, formset: Any
) -> PurchasePlan | None:
    """Draft the plan or change it through the plan service; None when it refused."""
    me = actor(request)
    data = form.cleaned_data
    kept = {line.item_id: line.estimated_price for line in plan.lines.all()} if plan else {}
    lines = formset.lines(needed_by=data["needed_by"], prices=kept)
    if plan is None:
        return attempt(
            request,
            lambda: plans.draft_plan(
                kind=data["kind"],
                title=data["title"],
                needed_by=data["needed_by"],
                reason=data["reason"],
                lines=lines,
                actor=me,
            ),
            form=form,
            success=_("Draft saved. Submit it for approval when it is ready."),
        )
    return attempt(
        request,
        lambda: plans.update_plan(
            plan=plan,
            title=data["title"],
            needed_by=data["needed_by"],
            reason=data["reason"],
            lines=lines,
            actor=me,
        ),
        form=form,
        success=_("Draft saved."),
    )


def _posted_plan_form(request: HttpRequest, editing: _PlanEditing) -> HttpResponse:
    form = editing.header_form(request.POST, initial=editing.header)
    formset = editing.formset(request.POST)
    if "propose" in request.POST or "add_line" in request.POST:
        return _refill(request, editing, form, formset)
    if form.is_valid() and formset.is_valid():
        saved = _save_plan(request, editing.plan, form, formset)
        if saved is not None:
            return redirect(request, "procurement:plan", pk=saved.pk)
    return _plan_form_page(request, editing.plan, form, formset)


@employee_view
def plan_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Draft or change a plan. "Propose lines" fills the form from the replenishment proposal;
    "Add a line" gives one more empty row; "Save" calls the plan service."""
    me = actor(request)
    require(request, selectors.DRAFT_PLAN)
    plan = get_object_or_404(selectors.plans_visible_to(me), pk=pk) if pk else None
    if plan is not None:
        if plan.created_by_id != me.pk:
            raise PermissionDenied
        if plan.state not in PurchasePlan.EDITABLE_STATES:
            messages.error(
                request,
                _("%(plan)s is %(state)s; it can no longer be changed.")
                % {"plan": plan.number, "state": plan.get_state_display()},
            )
            return redirect(request, "procurement:plan", pk=plan.pk)
    editing = _plan_editing(request, plan)
    if request.method == "POST":
        return _posted_plan_form(request, editing)
    form = editing.header_form(initial=editing.header)
    rows = [plan_line_initial(line) for line in plan.lines.select_related("item")] if plan else []
    formset = editing.formset(initial=rows)
    formset.extra = 1 if rows else 3
    return _plan_form_page(request, plan, form, formset)


@employee_view
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    plan = get_object_or_404(selectors.plans_visible_to(me), pk=pk)
    request_obj = approvals.latest_request(plans.as_document(plan))
    lines = list(plan.lines.select_related("item", "supplier"))
    can_contract = access.has_perm(me, selectors.MANAGE_CONTRACT)
    return render(
        request,
        "procurement/plan_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "request_obj": request_obj,
            "decision": selectors.latest_decision(request_obj)
            if plan.state in (PurchasePlan.State.REJECTED, PurchasePlan.State.RETURNED)
            else None,
            "is_author": plan.created_by_id == me.pk,
            "can_contract": can_contract,
            "has_open_lines": plan.state == PurchasePlan.State.APPROVED
            and any(line.remaining > 0 for line in lines),
            "contract_lines": selectors.plan_contract_lines(plan, me)
            if selectors.may_see_contracts(me)
            else [],
            "prices": prices_visible(me),
            "clause": "INV-3" if plan.kind == PurchasePlan.Kind.REPLENISHMENT else "PROC-2",
        },
    )


@employee_view
@require_POST
def plan_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    me = actor(request)
    plan = get_object_or_404(selectors.plans_visible_to(me), pk=pk)
    actions = {
        "submit": (plans.submit_plan, _("Submitted for approval.")),
        "revise": (plans.revise_plan, _("The plan is a draft again: change it and submit it.")),
        "cancel": (plans.cancel_plan, _("Plan cancelled.")),
        "close": (plans.close_plan, _("Plan closed: no more contracts will be made from it.")),
    }
    if verb not in actions:
        raise Http404(verb)
    service, message = actions[verb]
    attempt(request, lambda: service(plan=plan, actor=me), success=message)
    return redirect(request, "procurement:plan", pk=pk)


@employee_view
def open_lines(request: HttpRequest) -> HttpResponse:
    """Approved plan lines still to be contracted, to start a contract from (PROC-3)."""
    require(request, selectors.MANAGE_CONTRACT)
    rows = selectors.open_plan_lines()
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(
            Q(plan__number__icontains=q)
            | Q(plan__title__icontains=q)
            | Q(item__code__icontains=q)
            | Q(item__name__icontains=q)
        )
    supplier = request.GET.get("supplier", "")
    if supplier.isdigit():
        rows = rows.filter(supplier_id=supplier)
    return render(
        request,
        "procurement/open_lines.html",
        {
            "lines": rows[:500],
            "suppliers": Supplier.objects.filter(
                pk__in=selectors.open_plan_lines().values("supplier")
            ),
        },
    )
