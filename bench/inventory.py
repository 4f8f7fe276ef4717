"""Stock reads that must not slow down as history grows, and the replenishment proposal."""

from __future__ import annotations

import time
import tracemalloc
from decimal import Decimal
from typing import Any

from django.db import connection

from bench.procurement import bench_items
from bench.sales import stock_up
from bench.timing import percentiles, row
from yunying.inventory import replenishment, selectors
from yunying.masterdata.models import Item, Location


def add_ledger_rows(
    count: int, item_ids: list[int], location_id: int, *, kind: str = "issue", weeks: int = 104
) -> None:
    """``count`` ledger rows spread over the items and the last ``weeks`` weeks, generated in
    the database (pairs of +1/−1 for "opening"/"issue" so balances stay equal to the ledger)."""
    pg = connection.vendor == "postgresql"
    days = weeks * 7
    day = (
        f"(CURRENT_DATE - CAST(x % {days} AS integer))"
        if pg
        else f"date('now', '-' || (x % {days}) || ' days')"
    )
    now = "now()" if pg else "datetime('now')"
    first, span = min(item_ids), len(item_ids)
    series = f"WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {count})"
    quantity = "CASE WHEN x % 2 = 0 THEN 1 ELSE -1 END" if kind == "pair" else "-1"
    kinds = "CASE WHEN x % 2 = 0 THEN 'opening' ELSE 'issue' END" if kind == "pair" else "'issue'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{series} INSERT INTO inventory_stockledgerentry (item_id, location_id, kind, quantity, unit_cost, value, "
            "posting_date, posted_at, source_type, source_id, source_number, source_line, reverses_id, actor_id) "
            f"SELECT {first} + ((x / 2) % {span}), {location_id}, {kinds}, {quantity}, 10, 10 * ({quantity}), "
            f"{day}, {now}, 'bench.history', x, 'BENCH', NULL, NULL, NULL FROM g"
        )
        if pg:
            cursor.execute("ANALYZE inventory_stockledgerentry")


def availability_latency(item_id: int, samples: int = 2000) -> tuple[float, float]:
    timings = []
    for _ in range(samples):
        start = time.perf_counter()
        selectors.available(item_id)
        timings.append((time.perf_counter() - start) * 1000)
    return percentiles(timings)


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    location = Location.objects.get(code="A-01")
    rows = []
    items = bench_items(1000, "BA")
    ids = [i.pk for i in items]
    stock_up(items[:1], location, 500)
    target = items[0].pk
    total = 0
    for size in (10_000, 1_000_000):
        size = int(size * scale) if size > 10_000 else size
        add_ledger_rows(size - total, ids, location.pk, kind="pair")
        total = size
        p50, p95 = availability_latency(target)
        rows.append(row(f"availability of one item at {size:,} ledger rows: p50", p50, "ms", 3))
        rows.append(row(f"availability of one item at {size:,} ledger rows: p95", p95, "ms", 3))
    assert selectors.available(target) == Decimal(500)

    count = int(5000 * scale)
    planned = bench_items(count, "BP")
    Item.objects.filter(code__startswith="BP").update(
        safety_stock=Decimal(20), reorder_quantity=Decimal(10), lead_time_days=14
    )
    start = time.perf_counter()
    add_ledger_rows(
        count * 104, [i.pk for i in planned], location.pk, weeks=104
    )  # weekly issues, two years
    rows.append(
        row(
            f"  (generating {count * 104:,} issue rows of two years)",
            time.perf_counter() - start,
            "s",
        )
    )
    tracemalloc.start()
    start = time.perf_counter()
    proposals = replenishment.proposals(Item.objects.filter(code__startswith="BP"))
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows.append(
        row(f"replenishment proposal for {len(proposals):,} items over two years", seconds, "s", 2)
    )
    rows.append(row("  peak memory (Python allocations)", peak / 1024 / 1024, "MiB"))
    assert all(p.weekly_forecast > 0 for p in proposals[:10])
    return rows
