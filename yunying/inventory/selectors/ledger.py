"""The stock ledger (INV-1): entries with their documents, the search of the ledger page, and
the invariant ledger = balances."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from yunying.masterdata.models import Item, Location

from ..models import (
    StockBalance,
    StockLedgerEntry,
    StockReservation,
)
from .common import QTY_STEP, VALUE_STEP, ZERO

LEDGER_ORDER = ("-posted_at", "-id")


def ledger(
    *,
    item: Item | None = None,
    location: Location | None = None,
    source_type: str = "",
    source_id: int | None = None,
) -> QuerySet[StockLedgerEntry]:
    rows = StockLedgerEntry.objects.select_related("item", "location__warehouse", "actor")
    if item is not None:
        rows = rows.filter(item=item)
    if location is not None:
        rows = rows.filter(location=location)
    if source_type:
        rows = rows.filter(source_type=source_type)
    if source_id is not None:
        rows = rows.filter(source_id=source_id)
    return rows.order_by(*LEDGER_ORDER)


# ----------------------------------------------------------------------------- invariant


@dataclass(frozen=True)
class Mismatch:
    item_id: int
    location_id: int
    field: str
    ledger: Decimal
    balance: Decimal


def ledger_mismatches() -> list[Mismatch]:
    """Every (item, location) whose balance differs from the sum of its ledger (quantity and
    value) or from its active reservations. Empty when the invariant holds (INV-1)."""
    zero = Value(ZERO, output_field=DecimalField(max_digits=20, decimal_places=4))
    sums: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(
        lambda: {"on_hand": ZERO, "value": ZERO, "reserved": ZERO}
    )
    for row in StockLedgerEntry.objects.values("item_id", "location_id").annotate(
        quantity=Coalesce(Sum("quantity"), zero), value=Coalesce(Sum("value"), zero), n=Count("id")
    ):
        key = (row["item_id"], row["location_id"])
        # SQLite adds decimals as floating point: round the sums to the columns' precision.
        sums[key]["on_hand"] = Decimal(row["quantity"]).quantize(QTY_STEP)
        sums[key]["value"] = Decimal(row["value"]).quantize(VALUE_STEP)
    for row in (
        StockReservation.objects.filter(state=StockReservation.State.ACTIVE)
        .values("item_id", "location_id")
        .annotate(quantity=Sum("quantity"))
    ):
        sums[(row["item_id"], row["location_id"])]["reserved"] = Decimal(row["quantity"]).quantize(
            QTY_STEP
        )
    found = {}
    for balance in StockBalance.objects.all().iterator(chunk_size=5000):
        found[(balance.item_id, balance.location_id)] = {
            "on_hand": balance.on_hand,
            "value": balance.value,
            "reserved": balance.reserved,
        }
    problems = []
    for key in sorted(set(sums) | set(found)):
        expected = sums.get(key, {"on_hand": ZERO, "value": ZERO, "reserved": ZERO})
        actual = found.get(key, {"on_hand": ZERO, "value": ZERO, "reserved": ZERO})
        for name in ("on_hand", "value", "reserved"):
            if expected[name] != actual[name]:
                problems.append(Mismatch(key[0], key[1], name, expected[name], actual[name]))
    return problems


def ledger_search(
    *,
    item: Item | None = None,
    location: Location | None = None,
    kind: str = "",
    number: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[StockLedgerEntry]:
    rows = ledger(item=item, location=location)
    if kind:
        rows = rows.filter(kind=kind)
    if number:
        rows = rows.filter(source_number__icontains=number)
    if date_from:
        rows = rows.filter(posting_date__gte=date_from)
    if date_to:
        rows = rows.filter(posting_date__lte=date_to)
    return rows


# The pages that show the documents a ledger entry comes from.
SOURCE_PAGES = {
    "procurement.goodsreceipt": "/procurement/receipts/{id}/",
    "inventory.stocktransfer": "/inventory/transfers/{id}/",
    "inventory.stocktake": "/inventory/stocktakes/{id}/",
    "inventory.materialissue": "/inventory/issues/{id}/",
    "inventory.openingstock": "/inventory/opening-stock/{id}/",
}


def source_url(source_type: str, source_id: int) -> str | None:
    page = SOURCE_PAGES.get(source_type)
    return page.format(id=source_id) if page else None
