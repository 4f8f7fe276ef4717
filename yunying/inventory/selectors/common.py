"""What the reads of stock share: zero and rounding steps, and the permissions they check."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Value

from yunying.core import access
from yunying.core.models import Employee

ZERO = Decimal("0")
QTY_STEP = Decimal("0.001")
VALUE_STEP = Decimal("0.0001")

VIEW = "inventory.view_stock"
MOVE = "inventory.move_stock"
MANAGE_STOCKTAKE = "inventory.manage_stocktake"
QTY_ZERO = Value(ZERO, output_field=DecimalField(max_digits=18, decimal_places=3))


def held(actor: Employee, *codes: str) -> str | None:
    return next((code for code in codes if access.has_perm(actor, code)), None)
