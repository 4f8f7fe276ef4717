"""Drafting a purchase contract (PROC-3, PROC-7): a contract with a supplier from the lines of
approved plans. A blocked or inactive supplier gets no contract."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import RuleViolation, ValidationFailed
from yunying.core.models import Employee
from yunying.core.money import company_currency, to_company_currency
from yunying.core.services import audit
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata.models import Supplier

from ...models import ContractLine, PurchaseContract, PurchasePlan, PurchasePlanLine
from .common import MANAGE


@dataclass(frozen=True)
class ContractItem:
    plan_line: PurchasePlanLine
    quantity: Decimal
    unit_price: Decimal
    delivery_date: datetime.date


def check_supplier(supplier: Supplier) -> None:
    """PROC-7: a blocked supplier gets no contract; nor does one that is not active."""
    if supplier.blocked:
        raise RuleViolation(
            _("%(supplier)s is blocked from new contracts: %(reason)s")
            % {"supplier": supplier.name, "reason": supplier.block_reason},
            clause="PROC-7",
            code="supplier_blocked",
            field="supplier",
        )
    if not supplier.active:
        raise ValidationFailed(
            _("%(supplier)s is not active.") % {"supplier": supplier.name}, field="supplier"
        )


def _validate_lines(lines: Sequence[ContractItem]) -> None:
    if not lines:
        raise ValidationFailed(_("A contract needs at least one line."), field="lines")
    if len({line.plan_line.pk for line in lines}) != len(lines):
        raise ValidationFailed(_("Each plan line appears once in a contract."), field="plan_line")
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s: the quantity must be positive.") % {"n": number}, field="quantity"
            )
        if line.unit_price < 0:
            raise ValidationFailed(
                _("Line %(n)s: the price cannot be negative.") % {"n": number}, field="unit_price"
            )
        plan = line.plan_line.plan
        if plan.state != PurchasePlan.State.APPROVED:
            raise RuleViolation(
                _(
                    "Line %(n)s: plan %(plan)s is not approved; only approved plans reach "
                    "procurement."
                )
                % {"n": number, "plan": plan.number},
                clause="PROC-2",
                field="plan_line",
            )


@transactional
def create_contract(
    *,
    supplier: Supplier,
    lines: Sequence[ContractItem],
    actor: Employee,
    currency: str = "",
    note: str = "",
) -> PurchaseContract:
    """A draft contract from approved plan lines (PROC-3)."""
    access.require(actor, MANAGE)
    check_supplier(supplier)
    _validate_lines(lines)
    currency = (currency or company_currency()).upper()
    rate = to_company_currency(Decimal("1"), currency)  # refuses a currency without a rate
    contract = PurchaseContract.objects.create(
        number=next_number(PurchaseContract.NUMBER_PREFIX),
        department=actor.department,
        created_by=actor,
        supplier=supplier,
        currency=currency,
        exchange_rate=rate,
        note=note,
    )
    _add_lines(contract, lines)
    audit.record(
        actor=actor,
        action="procurement.create_contract",
        obj=contract,
        changes={
            "supplier": supplier.code,
            "currency": currency,
            "lines": [
                [ln.plan_line.pk, ln.quantity, ln.unit_price, ln.delivery_date] for ln in lines
            ],
        },
        clause="PROC-3",
    )
    return contract


def _add_lines(contract: PurchaseContract, lines: Sequence[ContractItem]) -> None:
    ContractLine.objects.bulk_create(
        ContractLine(
            contract=contract,
            plan_line=line.plan_line,
            item=line.plan_line.item,
            quantity=line.quantity,
            unit_price=line.unit_price,
            delivery_date=line.delivery_date,
        )
        for line in lines
    )
