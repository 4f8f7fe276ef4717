"""The procurement lists as ``core.lists`` describes them: plans, contracts, receipts and
returns to suppliers, with their filters, sorts and Excel columns. Contracts carry suppliers
and prices (ORG-4): their downloads are audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from yunying.core import access
from yunying.core.lists import Column, ListSpec
from yunying.core.models import Employee
from yunying.core.params import as_id
from yunying.masterdata.selectors import prices_visible

from . import selectors
from .models import (
    ContractLine,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
    PurchasePlan,
    SupplierReturn,
)

READERS = (selectors.RECEIVE, selectors.VIEW_CONTRACT, selectors.MANAGE_CONTRACT)


def _text(params: Mapping[str, Any], name: str) -> str:
    return str(params.get(name) or "").strip()


def _contract_total() -> Subquery:
    lines = (
        ContractLine.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(total=Sum(F("quantity") * F("unit_price")))
        .values("total")
    )
    return Subquery(lines, output_field=DecimalField(max_digits=28, decimal_places=7))


def contract_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[PurchaseContract]:
    rows = selectors.with_overdue(selectors.contracts_visible_to(actor))
    state = _text(params, "state")
    if state == "overdue":
        rows = selectors.only_overdue(rows)
    elif state in PurchaseContract.State.values:
        rows = rows.filter(state=state)
    supplier = as_id(params.get("supplier"))
    if supplier is not None:
        rows = rows.filter(supplier_id=supplier)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(supplier__name__icontains=q)
            | Q(supplier__code__icontains=q)
            | Q(lines__item__code__icontains=q)
        ).distinct()
    return rows.annotate(total=_contract_total())


def plan_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[PurchasePlan]:
    rows = selectors.plans_visible_to(actor)
    if (kind := _text(params, "kind")) in PurchasePlan.Kind.values:
        rows = rows.filter(kind=kind)
    if (state := _text(params, "state")) in PurchasePlan.State.values:
        rows = rows.filter(state=state)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(lines__item__code__icontains=q)
            | Q(lines__item__name__icontains=q)
        ).distinct()
    return rows


def receipt_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[GoodsReceipt]:
    rows = selectors.receipts_visible_to(actor)
    if (state := _text(params, "state")) in GoodsReceipt.State.values:
        rows = rows.filter(state=state)
    if _text(params, "returns") == "pending":
        rows = rows.filter(lines__return_state=GoodsReceiptLine.ReturnState.PENDING).distinct()
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(contract__number__icontains=q)
            | Q(contract__supplier__name__icontains=q)
            | Q(lines__item__code__icontains=q)
        ).distinct()
    return rows


def supplier_return_rows(actor: Employee, params: Mapping[str, Any]) -> QuerySet[SupplierReturn]:
    rows = selectors.supplier_returns_visible_to(actor)
    if (state := _text(params, "state")) in SupplierReturn.State.values:
        rows = rows.filter(state=state)
    if q := _text(params, "q"):
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(receipt__number__icontains=q)
            | Q(receipt__contract__number__icontains=q)
            | Q(receipt__contract__supplier__name__icontains=q)
        )
    return rows


def may_read_documents(actor: Employee) -> bool:
    return any(access.has_perm(actor, code) for code in READERS)


CONTRACTS = ListSpec(
    name="procurement.contracts",
    title=_("Purchase contracts"),
    url_name="procurement:contracts",
    rows=contract_rows,
    sorts={
        "number": ("number",),
        "supplier": ("supplier__code",),
        "signed": ("signed_on",),
        "created": ("created_at",),
        "state": ("state",),
    },
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Supplier code"), "supplier__code", text=True),
        Column(_("Supplier"), "supplier__name"),
        Column(_("Currency"), "currency"),
        Column(_("Amount"), "total", shown=prices_visible),
        Column(_("Signed on"), "signed_on"),
        Column(_("Delivery followed by"), "follower__name"),
        Column(_("State"), "state", choices=PurchaseContract.State.choices),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=selectors.may_see_contracts,
    what="procurement.purchasecontract",
    filename="purchase-contracts",
)

PLANS = ListSpec(
    name="procurement.plans",
    title=_("Purchase plans"),
    url_name="procurement:plans",
    rows=plan_rows,
    sorts={
        "number": ("number",),
        "title": ("title",),
        "needed_by": ("needed_by",),
        "created": ("created_at",),
        "state": ("state",),
    },
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Kind"), "kind", choices=PurchasePlan.Kind.choices),
        Column(_("Title"), "title"),
        Column(_("Department"), "department__name"),
        Column(_("Needed by"), "needed_by"),
        Column(_("State"), "state", choices=PurchasePlan.State.choices),
        Column(_("Entered by"), "created_by__name"),
        Column(_("Created"), "created_at"),
    ),
    may_read=lambda actor: True,  # everyone sees their own plans at least
    filename="purchase-plans",
)

RECEIPTS = ListSpec(
    name="procurement.receipts",
    title=_("Goods receipts"),
    url_name="procurement:receipts",
    rows=receipt_rows,
    sorts={
        "number": ("number",),
        "contract": ("contract__number",),
        "received_on": ("received_on",),
        "state": ("state",),
    },
    default=("-received_on", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Contract"), "contract__number", text=True),
        Column(_("Supplier"), "contract__supplier__name"),
        Column(_("Warehouse"), "location__warehouse__name"),
        Column(_("Location"), "location__code", text=True),
        Column(_("Received on"), "received_on"),
        Column(_("State"), "state", choices=GoodsReceipt.State.choices),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=may_read_documents,
    what="procurement.goodsreceipt",
    filename="goods-receipts",
)

SUPPLIER_RETURNS = ListSpec(
    name="procurement.supplier_returns",
    title=_("Returns to suppliers"),
    url_name="procurement:supplier_returns",
    rows=supplier_return_rows,
    sorts={
        "number": ("number",),
        "receipt": ("receipt__number",),
        "returned_on": ("returned_on",),
        "state": ("state",),
    },
    default=("-created_at", "-id"),
    columns=(
        Column(_("Number"), "number", text=True),
        Column(_("Receipt"), "receipt__number", text=True),
        Column(_("Contract"), "receipt__contract__number", text=True),
        Column(_("Supplier"), "receipt__contract__supplier__name"),
        Column(_("Returned on"), "returned_on"),
        Column(_("Reason"), "reason"),
        Column(_("State"), "state", choices=SupplierReturn.State.choices),
        Column(_("Entered by"), "created_by__name"),
    ),
    may_read=may_read_documents,
    what="procurement.supplierreturn",
    filename="supplier-returns",
)

SPECS = (CONTRACTS, PLANS, RECEIPTS, SUPPLIER_RETURNS)
