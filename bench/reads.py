"""Reads at scale: the list pages and API lists over 1,000,000 ledger rows and 100,000 orders
(with their lines, deliveries and receivables), first page and a deep page of each; the API page
size cap; the Excel export of the 100,000 orders (seconds and peak memory)."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from rest_framework.authtoken.models import Token

from bench.procurement import bench_items, person
from bench.sales import big_history
from bench.timing import row
from yunying.core import keyset
from yunying.inventory.models import StockBalance, StockLedgerEntry
from yunying.masterdata.models import Location
from yunying.sales.models import Delivery, Receivable, SalesOrder, SalesOrderLine

PER_PAGE = 50
READER = "gm"  # sees every order, receivable and stock figure ("all" scopes)


def ledger_history(count: int, item_ids: list[int], location_ids: list[int]) -> None:
    """``count`` ledger rows, one every 30 seconds up to now, over the items and locations,
    generated in the database (the balances are not derived from them: reads only)."""
    pg = connection.vendor == "postgresql"
    seconds = f"(({count} - x) * 30)"
    posted = (
        f"(now() - make_interval(secs => {seconds}))"
        if pg
        else f"datetime('now', '-' || {seconds} || ' seconds')"
    )
    posting_date = f"CAST({posted} AS date)" if pg else f"date({posted})"
    first, span = min(item_ids), len(item_ids)
    locations = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(location_ids))
    kinds = "CASE x % 4 WHEN 0 THEN 'receipt' WHEN 1 THEN 'shipment' WHEN 2 THEN 'issue' ELSE 'adjustment' END"
    quantity = "CASE x % 4 WHEN 0 THEN 3 ELSE -1 END"
    series = f"WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {count})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{series} INSERT INTO inventory_stockledgerentry (item_id, location_id, kind, quantity, unit_cost, value, "
            "posting_date, posted_at, source_type, source_id, source_number, source_line, reverses_id, actor_id) "
            f"SELECT {first} + (x % {span}), CASE (x / {span}) % {len(location_ids)} {locations} END, {kinds}, "
            f"{quantity}, 10, 10 * ({quantity}), {posting_date}, {posted}, 'bench.reads', x / 10, "
            "'BL-' || (x / 10), NULL, NULL, NULL FROM g"
        )
        cursor.execute(
            "INSERT INTO inventory_stockbalance (item_id, location_id, on_hand, reserved, value) "
            "SELECT i.id, l.id, 100, 0, 1000 FROM masterdata_item i CROSS JOIN masterdata_location l "
            f"WHERE i.code LIKE 'BL%%' AND l.id IN ({', '.join(str(pk) for pk in location_ids)})"
        )


def delivery_lines() -> None:
    """A delivery line for each line of the generated orders."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO sales_deliveryline (delivery_id, order_line_id, item_id, quantity, returned_quantity) "
            "SELECT d.id, l.id, l.item_id, l.quantity, 0 FROM sales_delivery d "
            "JOIN sales_salesorderline l ON l.order_id = d.order_id WHERE d.number LIKE 'BD-%%'"
        )


def analyze() -> None:
    """Statistics, and on PostgreSQL the visibility map autovacuum would set shortly after such
    a load (index-only scans)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def build(scale: float) -> dict[str, int]:
    """The history to read: returns the sizes."""
    ledger_rows = int(1_000_000 * scale)
    orders = int(100_000 * scale)
    items = bench_items(max(100, int(10_000 * scale)), "BL")
    locations = list(
        Location.objects.filter(kind=Location.Kind.STORAGE).values_list("pk", flat=True)
    )
    ledger_history(ledger_rows, [i.pk for i in items], locations)
    bench_items(5, "BS")
    big_history(orders * 5)
    delivery_lines()
    analyze()
    return {"ledger": ledger_rows, "orders": orders}


def best_ms(call: Callable[[], Any], repeat: int = 3) -> float:
    call()  # warm: templates, statements, the database's cache
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def get(client: Client, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


def deep_page(count: int) -> int:
    """A page nine tenths of the way through ``count`` rows."""
    return max(1, int(count * 0.9) // PER_PAGE)


def ledger_cursor(depth: int) -> str:
    """The ledger's cursor (page and API) that continues after the ``depth``-th newest row."""
    entry = StockLedgerEntry.objects.order_by("-posted_at", "-id").values("posted_at", "id")[depth]
    return keyset.encode((entry["posted_at"], entry["id"]))


def resident() -> int:
    """This process's resident memory now, in bytes (its peak where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def export_figures(client: Client, query: str, label: str) -> list[dict[str, Any]]:
    """The order list's download, read as a browser would; resident memory sampled at every
    chunk, its peak above what it was before the request."""
    before = peak = resident()
    start = time.perf_counter()
    response = cast(StreamingHttpResponse, client.get(f"/sales/orders/?format=xlsx{query}"))
    first_byte = time.perf_counter() - start
    size = 0
    for chunk in cast(Iterator[bytes], response.streaming_content):
        size += len(chunk)
        peak = max(peak, resident())
    seconds = time.perf_counter() - start
    return [
        row(f"Excel export of {label}", seconds, "s", 2),
        row("  first byte after", first_byte * 1000, "ms"),
        row("  peak resident memory above the start", (peak - before) / 1024 / 1024, "MiB"),
        row("  file size", size / 1024 / 1024, "MiB"),
    ]


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    start = time.perf_counter()
    sizes = build(scale)
    rows = [row("  (generating the history)", time.perf_counter() - start, "s")]
    ledger_rows, orders = sizes["ledger"], sizes["orders"]
    reader = person(READER)
    web = Client()
    web.force_login(reader.user)
    token = Token.objects.get_or_create(user=reader.user)[0].key
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    balances = StockBalance.objects.exclude(on_hand=0, reserved=0).count()
    deliveries, receivables = Delivery.objects.count(), Receivable.objects.count()
    assert SalesOrder.objects.count() >= orders

    cursor = ledger_cursor(int(ledger_rows * 0.9))
    pages = [
        (f"ledger page ({ledger_rows:,} rows)", "/inventory/ledger/", f"?cursor={cursor}"),
        (
            f"stock page ({balances:,} balances)",
            "/inventory/stock/",
            f"?page={deep_page(balances)}",
        ),
        (f"orders page ({orders:,})", "/sales/orders/", f"?page={deep_page(orders)}"),
        (
            f"deliveries page ({deliveries:,})",
            "/sales/deliveries/",
            f"?page={deep_page(deliveries)}",
        ),
        (
            f"receivables page ({receivables:,})",
            "/sales/receivables/",
            f"?page={deep_page(receivables)}",
        ),
    ]
    for label, url, deep in pages:
        rows.append(row(f"{label}: first", best_ms(get(web, url)), "ms"))
        rows.append(row(f"{label}: 90 % deep", best_ms(get(web, url + deep)), "ms"))

    def offset(count: int) -> str:
        return f"?offset={int(count * 0.9)}"

    apis = [
        (f"API ledger ({ledger_rows:,} rows)", "/api/v1/inventory/ledger/", f"?cursor={cursor}"),
        ("API balances", "/api/v1/inventory/balances/", offset(balances)),
        ("API sales orders", "/api/v1/sales-orders/", offset(orders)),
        ("API deliveries", "/api/v1/deliveries/", offset(deliveries)),
        ("API receivables", "/api/v1/receivables/", offset(receivables)),
    ]
    for label, url, deep in apis:
        rows.append(row(f"{label}: first", best_ms(get(api, url)), "ms"))
        rows.append(row(f"{label}: 90 % deep", best_ms(get(api, url + deep)), "ms"))

    capped = get(api, "/api/v1/sales-orders/?limit=20000")
    size = len(capped().json()["results"])
    assert size <= 200, size
    rows.append(row(f"API sales orders ?limit=20000 (answers {size})", best_ms(capped), "ms"))
    # 140 of the 700 order dates: a fifth of the orders.
    period = "&start=2025-01-01&end=2025-05-20"
    some = SalesOrderLine.objects.filter(
        order__order_date__range=("2025-01-01", "2025-05-20"), order__number__startswith="BO-"
    ).count()
    rows.extend(export_figures(web, period, f"{some:,} order lines"))
    rows.extend(export_figures(web, "", f"{orders:,} orders ({orders * 5:,} lines)"))
    return rows
