"""Pages of purchase contracts: the list, a new contract from approved plan lines (PROC-3),
signing within the plan or through an approval (PROC-2, PROC-4) and cancelling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunying.approvals import selectors as approvals
from yunying.core import access, lists
from yunying.core.models import ExchangeRate
from yunying.core.money import company_currency
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
from yunying.masterdata.models import Supplier
from yunying.masterdata.selectors import prices_visible

from .. import selectors
from ..forms import (
    ContractForm,
    ContractLineFormSet,
    ReasonForm,
    SignForm,
    plain,
)
from ..lists import CONTRACTS, contract_rows
from ..models import (
    PurchaseContract,
    PurchasePlanLine,
)
from ..services import contracts


def _require_contracts(request: HttpRequest, *, export: str = "") -> None:
    if not selectors.may_see_contracts(actor(request)):
        if export:  # ORG-4: a refused download of contracts is audited
            refuse_export(request, export, selectors.VIEW_CONTRACT)
        raise PermissionDenied


@employee_view
def contract_list(request: HttpRequest) -> HttpResponseBase:
    me = actor(request)
    _require_contracts(request, export=CONTRACTS.what)
    visible = selectors.contracts_visible_to(me)
    rows = lists.ordered(CONTRACTS, contract_rows(me, request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, CONTRACTS, rows)
    return render(
        request,
        "procurement/contract_list.html",
        {
            "page": paginate(request, rows.prefetch_related("lines")),
            "query": query_string_without_page(request),
            "tools": lists.tools(request, CONTRACTS),
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


def _chosen_plan_lines(request: HttpRequest) -> tuple[Any, set[int]]:
    """The open plan lines to offer (``?plan=`` or ``?line=``, else all) and those ticked."""
    lines = selectors.open_plan_lines()
    chosen_plan = request.GET.get("plan", "")
    chosen = {int(i) for i in request.GET.getlist("line") if i.isdigit()}
    if chosen_plan.isdigit():
        lines = lines.filter(plan_id=int(chosen_plan))
        chosen |= set(lines.values_list("pk", flat=True))
    elif chosen:
        lines = lines.filter(pk__in=chosen)
    return lines[:500], chosen


def _new_contract_forms(request: HttpRequest, form_kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The empty contract form: the chosen lines ticked with what is left of them, and their
    supplier when they share one (or ``?supplier=``)."""
    lines, chosen = _chosen_plan_lines(request)
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
    return form, formset


def _create_contract(
    request: HttpRequest, form: ContractForm, formset: Any
) -> PurchaseContract | None:
    data = form.cleaned_data
    return attempt(
        request,
        lambda: contracts.create_contract(
            supplier=data["supplier"],
            lines=formset.items(),
            currency=data["currency"],
            note=data["note"],
            actor=actor(request),
        ),
        form=form,
        success=_("Draft contract saved. Choose who follows the delivery and sign it."),
    )


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
            contract = _create_contract(request, form, formset)
            if contract is not None:
                return redirect(request, "procurement:contract", pk=contract.pk)
    else:
        form, formset = _new_contract_forms(request, form_kwargs)
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
