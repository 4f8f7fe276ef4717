"""The procurement records other pages link to, each read as its own page reads it."""

from __future__ import annotations

from yunying.core import links

from . import selectors
from .models import GoodsReceipt, PurchaseContract, PurchasePlan, SupplierReturn


def register() -> None:
    links.register(PurchasePlan, "procurement:plan", selectors.plans_visible_to)
    links.register(PurchaseContract, "procurement:contract", selectors.contracts_visible_to)
    links.register(GoodsReceipt, "procurement:receipt", selectors.receipts_visible_to)
    links.register(
        SupplierReturn, "procurement:supplier_return", selectors.supplier_returns_visible_to
    )
