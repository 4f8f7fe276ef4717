"""Recomputing balances from the ledger (the ledger is the truth; balances are its sums)."""

from __future__ import annotations

from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional
from yunying.masterdata.models import Item

from ..models import StockBalance
from ..selectors import ledger_mismatches


@transactional
def rebuild_balances(*, actor: Employee | None = None) -> int:
    """Set every balance to the sum of its ledger and active reservations; return how many
    (item, location) pairs were corrected. Holds the item locks while it works."""
    list(Item.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    mismatches = ledger_mismatches()
    fixed: set[tuple[int, int]] = set()
    for mismatch in mismatches:
        balance, _created = StockBalance.objects.select_for_update(no_key=True).get_or_create(
            item_id=mismatch.item_id, location_id=mismatch.location_id
        )
        setattr(balance, mismatch.field, mismatch.ledger)
        balance.save(update_fields=[mismatch.field])
        fixed.add((mismatch.item_id, mismatch.location_id))
    audit.record(
        actor=actor,
        action="inventory.rebuild_balances",
        target_type="inventory.stockbalance",
        target_id="*",
        target_repr="stock balances",
        changes={
            "corrected": [
                [m.item_id, m.location_id, m.field, m.balance, m.ledger] for m in mismatches
            ]
        },
        clause="INV-1",
    )
    return len(fixed)
