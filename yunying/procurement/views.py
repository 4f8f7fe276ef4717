"""Procurement pages: purchase and replenishment plans (PROC-1, PROC-2, INV-2, INV-3), contracts
(PROC-3, PROC-4), goods receipts with inspection (PROC-5, PROC-6) and the evaluation of
suppliers (PROC-7)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core.models import ExchangeRate
from yunying.core.money import company_currency
from yunying.core.web import (
    actor,
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

from . import selectors
from .forms import (
    ContractForm,
    ContractLineFormSet,
    InspectionFormSet,
    PlanForm,
    PlanLineFormSet,
    ReasonForm,
    ReceiptForm,
    SignForm,
    plain,
    plan_line_initial,
)
from .models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
    PurchasePlan,
    PurchasePlanLine,
)
from .services import contracts, plans, receipts

# --------------------------------------------------------------------------- plans


@employee_view
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the person may see: their own, those in their scope and, for procurement, the
    approved ones (PROC-2)."""
    me = actor(request)
    rows = selectors.plans_visible_to(me).prefetch_related("lines")
    kind = request.GET.get("kind", "")
    if kind in PurchasePlan.Kind.values:
        rows = rows.filter(kind=kind)
    state = request.GET.get("state", "")
    if state in PurchasePlan.State.values:
        rows = rows.filter(state=state)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(lines__item__code__icontains=q)
            | Q(lines__item__name__icontains=q)
        ).distinct()
    return render(
        request,
        "procurement/plan_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
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
    prices = prices_visible(me)
    suppliers = selectors.suppliers_visible_to(me).filter(active=True)
    form_kwargs = {"suppliers": suppliers, "prices": prices}
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

    def header_form(*args: Any, **kwargs: Any) -> PlanForm:
        form = PlanForm(*args, **kwargs)
        if plan is not None:
            form.fields["kind"].disabled = True
        return form

    if request.method == "POST":
        form = header_form(request.POST, initial=header)
        formset = PlanLineFormSet(request.POST, prefix="lines", form_kwargs=form_kwargs)
        if "propose" in request.POST or "add_line" in request.POST:
            rows = formset.rows()
            proposals: dict[int, replenishment.Proposal] = {}
            if "propose" in request.POST:
                before = len(rows)
                rows, proposals = _proposed_rows(rows, suppliers)
                if len(rows) > before:
                    added = len(rows) - before
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
            typed = {name: form[name].value() for name in form.fields}
            form = header_form(initial=typed)
            formset = PlanLineFormSet(prefix="lines", initial=rows, form_kwargs=form_kwargs)
            formset.extra = 1 if "add_line" in request.POST or not rows else 0
            for line_form in formset.forms:
                item_id = line_form.initial.get("item")
                if item_id and str(item_id).isdigit():
                    line_form.proposal = proposals.get(int(item_id))
            return _plan_form_page(request, plan, form, formset)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            kept = {line.item_id: line.estimated_price for line in plan.lines.all()} if plan else {}
            lines = formset.lines(needed_by=data["needed_by"], prices=kept)
            if plan is None:
                saved = attempt(
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
            else:
                saved = attempt(
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
            if saved is not None:
                return redirect(request, "procurement:plan", pk=saved.pk)
        return _plan_form_page(request, plan, form, formset)
    form = header_form(initial=header)
    rows = [plan_line_initial(line) for line in plan.lines.select_related("item")] if plan else []
    formset = PlanLineFormSet(prefix="lines", initial=rows, form_kwargs=form_kwargs)
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


# --------------------------------------------------------------------------- contracts


def _require_contracts(request: HttpRequest) -> None:
    if not selectors.may_see_contracts(actor(request)):
        raise PermissionDenied


@employee_view
def contract_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    _require_contracts(request)
    visible = selectors.contracts_visible_to(me)
    rows = selectors.with_overdue(visible).prefetch_related("lines")
    state = request.GET.get("state", "")
    if state == "overdue":
        rows = selectors.only_overdue(rows)
    elif state in PurchaseContract.State.values:
        rows = rows.filter(state=state)
    supplier = request.GET.get("supplier", "")
    if supplier.isdigit():
        rows = rows.filter(supplier_id=supplier)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(supplier__name__icontains=q)
            | Q(supplier__code__icontains=q)
            | Q(lines__item__code__icontains=q)
        ).distinct()
    return render(
        request,
        "procurement/contract_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "states": PurchaseContract.State.choices,
            "suppliers": Supplier.objects.filter(pk__in=visible.values("supplier")),
            "can_manage": access.has_perm(me, selectors.MANAGE_CONTRACT),
            "can_evaluate": access.has_perm(me, selectors.VIEW_SUPPLIER),
            "prices": prices_visible(me),
        },
    )


def _currencies() -> list[str]:
    home = company_currency()
    others = ExchangeRate.objects.exclude(currency=home).values_list("currency", flat=True)
    return [home, *sorted(set(others))]


def _attach_plan_lines(formset: Any) -> None:
    """Give each row the plan line it stands for, to show the plan, item and what is left."""
    ids = [str(form["plan_line"].value()) for form in formset.forms]
    found = {
        str(line.pk): line
        for line in PurchasePlanLine.objects.filter(pk__in=[i for i in ids if i.isdigit()])
        .select_related("plan", "item", "supplier")
        .order_by()
    }
    for form, line_id in zip(formset.forms, ids, strict=True):
        form.plan_line_obj = found.get(line_id)


@employee_view
def contract_new(request: HttpRequest) -> HttpResponse:
    """A draft contract from approved plan lines (PROC-3). ``?plan=`` or ``?line=`` chooses the
    lines to start with."""
    me = actor(request)
    require(request, selectors.MANAGE_CONTRACT)
    suppliers = selectors.contract_suppliers(me)
    form_kwargs: dict[str, Any] = {"suppliers": suppliers, "currencies": _currencies()}
    if request.method == "POST":
        form = ContractForm(request.POST, **form_kwargs)
        formset = ContractLineFormSet(request.POST, prefix="lines")
        _attach_plan_lines(formset)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            contract = attempt(
                request,
                lambda: contracts.create_contract(
                    supplier=data["supplier"],
                    lines=formset.items(),
                    currency=data["currency"],
                    note=data["note"],
                    actor=me,
                ),
                form=form,
                success=_("Draft contract saved. Choose who follows the delivery and sign it."),
            )
            if contract is not None:
                return redirect(request, "procurement:contract", pk=contract.pk)
    else:
        lines = selectors.open_plan_lines()
        chosen_plan = request.GET.get("plan", "")
        chosen = {int(i) for i in request.GET.getlist("line") if i.isdigit()}
        if chosen_plan.isdigit():
            lines = lines.filter(plan_id=int(chosen_plan))
            chosen |= set(lines.values_list("pk", flat=True))
        elif chosen:
            lines = lines.filter(pk__in=chosen)
        lines = lines[:500]
        suggested = {line.supplier_id for line in lines if line.pk in chosen and line.supplier_id}
        initial: dict[str, Any] = {"currency": company_currency()}
        wanted = request.GET.get("supplier", "")
        if wanted.isdigit():
            initial["supplier"] = int(wanted)
        elif len(suggested) == 1:
            initial["supplier"] = suggested.pop()
        form = ContractForm(initial=initial, **form_kwargs)
        formset = ContractLineFormSet(
            prefix="lines",
            initial=[
                {
                    "plan_line": line.pk,
                    "include": line.pk in chosen,
                    "quantity": plain(line.remaining),
                    "unit_price": plain(line.estimated_price),
                    "delivery_date": line.needed_by,
                }
                for line in lines
            ],
        )
        _attach_plan_lines(formset)
    return render(
        request,
        "procurement/contract_form.html",
        {
            "form": form,
            "formset": formset,
            "filtered": bool(request.GET.get("plan") or request.GET.getlist("line")),
        },
    )


def _contract_context(
    request: HttpRequest,
    contract: PurchaseContract,
    *,
    sign_form: SignForm | None = None,
    cancel_form: ReasonForm | None = None,
) -> dict[str, Any]:
    me = actor(request)
    request_obj = approvals.latest_request(contract)
    checks = selectors.contract_plan_check(contract)
    overdue = selectors.overdue_line_ids(contract)
    return {
        "contract": contract,
        "checks": checks,
        "overdue_ids": overdue,
        "beyond": [check for check in checks if check.beyond],
        "request_obj": request_obj,
        "decision": selectors.latest_decision(request_obj)
        if contract.state == PurchaseContract.State.RETURNED
        else None,
        "receipts": contract.receipts.select_related("location__warehouse", "created_by"),
        "can_manage": access.has_perm(me, selectors.MANAGE_CONTRACT),
        "can_receive": access.has_perm(me, selectors.RECEIVE),
        "sign_form": sign_form
        or SignForm(followers=selectors.followers(), initial={"follower": contract.follower_id}),
        "cancel_form": cancel_form or ReasonForm(),
        "prices": prices_visible(me),
    }


def _visible_contract(request: HttpRequest, pk: int) -> PurchaseContract:
    return get_object_or_404(
        selectors.with_overdue(selectors.contracts_visible_to(actor(request))), pk=pk
    )


@employee_view
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _visible_contract(request, pk)
    return render(request, "procurement/contract_detail.html", _contract_context(request, contract))


@employee_view
@require_POST
def contract_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign within what the plan approved at once; beyond it (quantity or price), the contract
    goes to approval first (PROC-2, PROC-3)."""
    me = actor(request)
    contract = _visible_contract(request, pk)
    form = SignForm(request.POST, followers=selectors.followers())
    if form.is_valid():
        signed = attempt(
            request,
            lambda: contracts.sign_contract(
                contract=contract, follower=form.cleaned_data["follower"], actor=me
            ),
            form=form,
        )
        if signed is not None:
            if signed.state == PurchaseContract.State.SUBMITTED:
                messages.warning(
                    request,
                    _(
                        "The contract goes beyond what its plan was approved for: it was sent "
                        "for approval and is signed when the approval is through."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Contract signed. The operations department was told and %(name)s "
                        "follows the delivery."
                    )
                    % {"name": form.cleaned_data["follower"].name},
                )
            return redirect(request, "procurement:contract", pk=pk)
    return render(
        request,
        "procurement/contract_detail.html",
        _contract_context(request, contract, sign_form=form),
    )


@employee_view
@require_POST
def contract_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    contract = _visible_contract(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: contracts.cancel_contract(
                contract=contract, actor=me, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Contract cancelled."),
        )
        if done is not None:
            return redirect(request, "procurement:contract", pk=pk)
    return render(
        request,
        "procurement/contract_detail.html",
        _contract_context(request, contract, cancel_form=form),
    )


@employee_view
def contract_plan_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract's lines against their plan lines (PROC-3): a fragment for the approval page.
    Approvers who may see the approval request may see it, too."""
    me = actor(request)
    contract = PurchaseContract.objects.filter(
        Q(pk__in=selectors.contracts_visible_to(me).values("pk"))
        | Q(
            pk__in=approvals.visible_requests(me)
            .filter(doc_type="procurement.purchase_contract")
            .values("object_id")
        ),
        pk=pk,
    ).first()
    if contract is None:
        raise Http404
    return render(
        request,
        "procurement/_contract_plan_check.html",
        {
            "contract": contract,
            "checks": selectors.contract_plan_check(contract),
            "prices": prices_visible(me),
        },
    )


# --------------------------------------------------------------------------- receipts


@employee_view
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Receive and inspect goods of a contract (PROC-5); the accepted quantity enters stock in
    the same transaction (PROC-6)."""
    me = actor(request)
    require(request, selectors.RECEIVE)
    contract = get_object_or_404(selectors.contracts_visible_to(me), pk=pk)
    if contract.state not in PurchaseContract.OPEN_STATES:
        messages.error(
            request,
            _("%(contract)s is %(state)s: nothing can be received on it.")
            % {"contract": contract.number, "state": contract.get_state_display()},
        )
        return redirect(request, "procurement:contract", pk=pk)
    lines = list(selectors.open_contract_lines(contract))
    default = selectors.default_receiving_location()
    form = ReceiptForm(
        request.POST or None,
        locations=selectors.receiving_locations(),
        initial={"location": default.pk if default else None},
    )
    formset = InspectionFormSet(
        request.POST or None,
        prefix="lines",
        initial=[{"contract_line": line.pk} for line in lines],
        form_kwargs={"contract_lines": contract.lines.all()},
    )
    by_id = {str(line.pk): line for line in contract.lines.select_related("item")}
    for line_form in formset.forms:
        line_form.line_obj = by_id.get(str(line_form["contract_line"].value()))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        receipt = attempt(
            request,
            lambda: receipts.receive_goods(
                contract=contract,
                location=data["location"],
                inspections=formset.inspections(),
                received_on=data["received_on"],
                note=data["note"],
                actor=me,
            ),
            form=form,
        )
        if receipt is not None:
            accepted = sum((line.accepted_quantity for line in receipt.lines.all()), Decimal("0"))
            messages.success(
                request,
                _("Receipt %(number)s posted: %(accepted)s accepted into stock at %(location)s.")
                % {
                    "number": receipt.number,
                    "accepted": plain(accepted),
                    "location": receipt.location,
                },
            )
            return redirect(request, "procurement:receipt", pk=receipt.pk)
    return render(
        request,
        "procurement/receive_form.html",
        {"contract": contract, "form": form, "formset": formset},
    )


def _require_receipts(request: HttpRequest) -> None:
    me = actor(request)
    codes = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)
    if not any(access.has_perm(me, code) for code in codes):
        raise PermissionDenied


@employee_view
def receipt_list(request: HttpRequest) -> HttpResponse:
    _require_receipts(request)
    rows = selectors.receipts_visible_to(actor(request)).prefetch_related("lines")
    state = request.GET.get("state", "")
    if state in GoodsReceipt.State.values:
        rows = rows.filter(state=state)
    if request.GET.get("returns") == "pending":
        rows = rows.filter(lines__return_state=GoodsReceiptLine.ReturnState.PENDING).distinct()
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(contract__number__icontains=q)
            | Q(contract__supplier__name__icontains=q)
            | Q(lines__item__code__icontains=q)
        ).distinct()
    me = actor(request)
    can_receive = access.has_perm(me, selectors.RECEIVE)
    awaiting = (
        selectors.with_overdue(selectors.contracts_visible_to(me))
        .filter(state__in=PurchaseContract.OPEN_STATES)
        .order_by("signed_on", "id")[:20]
        if can_receive
        else []
    )
    return render(
        request,
        "procurement/receipt_list.html",
        {
            "page": paginate(request, rows),
            "query": query_string_without_page(request),
            "states": GoodsReceipt.State.choices,
            "awaiting": awaiting,
        },
    )


def _receipt_context(
    request: HttpRequest, receipt: GoodsReceipt, cancel_form: ReasonForm | None = None
) -> dict[str, Any]:
    me = actor(request)
    return {
        "receipt": receipt,
        "lines": receipt.lines.select_related("item", "contract_line"),
        "ledger": selectors.receipt_ledger(receipt),
        "can_receive": access.has_perm(me, selectors.RECEIVE),
        "cancel_form": cancel_form or ReasonForm(),
        "prices": prices_visible(me),
    }


@employee_view
def receipt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_object_or_404(selectors.receipts_visible_to(actor(request)), pk=pk)
    return render(request, "procurement/receipt_detail.html", _receipt_context(request, receipt))


@employee_view
@require_POST
def receipt_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a posted receipt: its stock is reversed and the contract owes the goods again."""
    me = actor(request)
    receipt = get_object_or_404(selectors.receipts_visible_to(me), pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: receipts.cancel_receipt(
                receipt=receipt, actor=me, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Receipt cancelled; its stock was reversed."),
        )
        if done is not None:
            return redirect(request, "procurement:receipt", pk=pk)
    return render(
        request, "procurement/receipt_detail.html", _receipt_context(request, receipt, form)
    )


@employee_view
@require_POST
def receipt_line_returned(request: HttpRequest, pk: int) -> HttpResponse:
    me = actor(request)
    line = get_object_or_404(
        GoodsReceiptLine.objects.filter(receipt__in=selectors.receipts_visible_to(me).values("pk")),
        pk=pk,
    )
    attempt(
        request,
        lambda: receipts.mark_returned(line=line, actor=me),
        success=_("The rejected goods are recorded as returned to the supplier."),
    )
    return redirect(request, "procurement:receipt", pk=line.receipt_id)


# --------------------------------------------------------------------------- evaluation


def price_trend_chart(evaluation: selectors.Evaluation) -> dict[str, Any] | None:
    """An ECharts line chart of the average received price per item and month (PROC-7)."""
    if not evaluation.price_trend:
        return None
    months = sorted({month for points in evaluation.price_trend.values() for month, _p in points})
    series = []
    for code, points in sorted(evaluation.price_trend.items()):
        by_month = dict(points)
        series.append(
            {
                "name": code,
                "type": "line",
                "connectNulls": True,
                "data": [by_month.get(month) for month in months],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 30},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": str(_("unit price")), "scale": True},
        "series": series,
    }


@employee_view
def supplier_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation of one supplier (PROC-7): an HTML fragment for the supplier page."""
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER)
    supplier = get_object_or_404(selectors.suppliers_visible_to(me), pk=pk)
    evaluation = selectors.evaluate_supplier(supplier)
    prices = prices_visible(me)
    return render(
        request,
        "procurement/_supplier_evaluation.html",
        {
            "evaluation": evaluation,
            "supplier": supplier,
            "chart": price_trend_chart(evaluation) if prices else None,
            "prices": prices,
        },
    )


@employee_view
def evaluations(request: HttpRequest) -> HttpResponse:
    """Every supplier the person may see, with its on-time and acceptance rates (PROC-7)."""
    me = actor(request)
    require(request, selectors.VIEW_SUPPLIER)
    suppliers = selectors.suppliers_visible_to(me)
    q = request.GET.get("q", "").strip()
    if q:
        suppliers = suppliers.filter(Q(code__icontains=q) | Q(name__icontains=q))
    page = paginate(request, suppliers)
    rows = [selectors.evaluate_supplier(supplier) for supplier in page]
    rated = [row for row in rows if row.receipts]
    chart = (
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 50, "right": 20, "top": 36, "bottom": 60},
            "xAxis": {
                "type": "category",
                "data": [row.supplier.code for row in rated],
            },
            "yAxis": {"type": "value", "max": 100, "name": "%"},
            "series": [
                {
                    "name": str(_("On-time delivery rate")),
                    "type": "bar",
                    "color": "#0b6e4f",
                    "data": [row.on_time_rate for row in rated],
                },
                {
                    "name": str(_("Acceptance rate")),
                    "type": "bar",
                    "color": "#b7791f",
                    "data": [row.acceptance_rate for row in rated],
                },
            ],
        }
        if rated
        else None
    )
    return render(
        request,
        "procurement/evaluations.html",
        {
            "page": page,
            "rows": rows,
            "chart": chart,
            "query": query_string_without_page(request),
        },
    )
