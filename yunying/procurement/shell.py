"""Procurement's documents in the document shell (``core.documents``): attachments such as a
signed contract or inspection photos, comments, the timeline, and the printed contract and
goods receipt (PDF)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access, documents
from yunying.core import selectors as core_selectors
from yunying.core.models import Employee
from yunying.core.numbers import grouped, money
from yunying.core.pdf import Sheet
from yunying.core.units import unit_label

from . import selectors
from .models import GoodsReceipt, PurchaseContract, PurchasePlan, SupplierReturn

PRICES = "masterdata.view_prices"


def _company() -> str:
    company = core_selectors.company()
    return company.name if company else _("Yunying")


def _printed() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


def contract_sheet(contract: PurchaseContract, actor: Employee) -> Sheet:
    """The purchase contract as printed: prices only for those who may see them."""
    priced = access.has_perm(actor, PRICES)
    supplier = contract.supplier
    lines = list(contract.lines.select_related("item").order_by("id"))
    columns: list[tuple[str, float, bool]] = [
        ("#", 0.5, True),
        (_("Item code"), 1.6, False),
        (_("Item"), 2.6, False),
        (_("Unit"), 0.8, False),
        (_("Quantity"), 1.2, True),
        (_("Delivery date"), 1.5, False),
    ]
    if priced:
        columns += [(_("Unit price"), 1.4, True), (_("Amount"), 1.6, True)]
    rows = []
    for number, line in enumerate(lines, start=1):
        row = [
            str(number),
            line.item.code,
            line.item.name,
            unit_label(line.item.unit),
            grouped(line.quantity),
            line.delivery_date.isoformat(),
        ]
        if priced:
            row += [grouped(line.unit_price), grouped(line.amount, 2)]
        rows.append(row)
    properties = [
        (_("Supplier"), f"{supplier.name} ({supplier.code})"),
        (_("State"), str(contract.get_state_display())),
        (_("Contact"), " · ".join(filter(None, [supplier.contact_person, supplier.phone]))),
        (_("Signed on"), contract.signed_on.isoformat() if contract.signed_on else ""),
        (_("Address"), supplier.address),
        (_("Currency"), contract.currency),
    ]
    if priced:
        total = sum((line.amount for line in lines), start=0)
        properties.append((_("Total amount"), money(total, symbol=f"{contract.currency} ")))
    return Sheet(
        title=_("Purchase contract"),
        number=contract.number,
        company=_company(),
        properties=properties,
        columns=columns,
        rows=rows,
        notes=[f"{_('Note')}: {contract.note}"] if contract.note else [],
        signatures=[_("Buyer (signature and seal)"), _("Supplier (signature and seal)")],
        printed_at=_printed(),
    )


def receipt_sheet(receipt: GoodsReceipt, actor: Employee) -> Sheet:
    """The goods receipt as printed: what was received, accepted and rejected."""
    contract = receipt.contract
    lines = list(receipt.lines.select_related("item").order_by("id"))
    location = receipt.location
    return Sheet(
        title=_("Goods receipt"),
        number=receipt.number,
        company=_company(),
        properties=[
            (_("Supplier"), f"{contract.supplier.name} ({contract.supplier.code})"),
            (_("Contract"), contract.number),
            (_("Received on"), receipt.received_on.isoformat()),
            (_("Location"), f"{location.warehouse.name} · {location.code}"),
            (_("State"), str(receipt.get_state_display())),
            (_("Received by"), receipt.created_by.name),
        ],
        columns=[
            ("#", 0.5, True),
            (_("Item code"), 1.6, False),
            (_("Item"), 2.8, False),
            (_("Unit"), 0.8, False),
            (_("Received"), 1.2, True),
            (_("Accepted"), 1.2, True),
            (_("Rejected"), 1.2, True),
            (_("Reason for rejection"), 2.2, False),
        ],
        rows=[
            [
                str(number),
                line.item.code,
                line.item.name,
                unit_label(line.item.unit),
                grouped(line.received_quantity),
                grouped(line.accepted_quantity),
                grouped(line.rejected_quantity),
                line.reject_reason,
            ]
            for number, line in enumerate(lines, start=1)
        ],
        notes=[f"{_('Note')}: {receipt.note}"] if receipt.note else [],
        signatures=[
            _("Delivered by (signature)"),
            _("Inspected by (signature)"),
            _("Received by (signature)"),
        ],
        printed_at=_printed(),
    )


def _plan_editor(actor: Employee, plan: Any) -> bool:
    return plan.created_by_id == actor.pk or access.in_scope(actor, "procurement.draft_plan", plan)


def register() -> None:
    documents.register(
        documents.ShellDocument(
            model=PurchasePlan,
            label=gettext_lazy("Purchase plan"),
            visible=selectors.plans_visible_to,
            url=lambda plan: reverse("procurement:plan", args=[plan.pk]),
            may_edit=_plan_editor,
            closed=documents.open_while("draft", "returned"),
        )
    )
    documents.register(
        documents.ShellDocument(
            model=PurchaseContract,
            label=gettext_lazy("Purchase contract"),
            visible=selectors.contracts_visible_to,
            url=lambda contract: reverse("procurement:contract", args=[contract.pk]),
            may_edit=documents.editable_with(selectors.MANAGE_CONTRACT),
            closed=documents.open_while("draft", "returned"),
            sheet=contract_sheet,
        )
    )
    documents.register(
        documents.ShellDocument(
            model=GoodsReceipt,
            label=gettext_lazy("Goods receipt"),
            visible=selectors.receipts_visible_to,
            url=lambda receipt: reverse("procurement:receipt", args=[receipt.pk]),
            may_edit=documents.editable_with(selectors.RECEIVE),
            closed=documents.always_closed,
            sheet=receipt_sheet,
        )
    )
    documents.register(
        documents.ShellDocument(
            model=SupplierReturn,
            label=gettext_lazy("Return to supplier"),
            visible=selectors.supplier_returns_visible_to,
            url=lambda back: reverse("procurement:supplier_return", args=[back.pk]),
            may_edit=documents.editable_with(selectors.RECEIVE),
            closed=documents.always_closed,
        )
    )
