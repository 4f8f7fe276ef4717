"""Sales: the order-to-shipment path through the services against the same writes as raw SQL;
sales statistics and receivables ageing over 1,000,000 order lines."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.procurement import bench_items, person
from bench.timing import row
from yunying.core.models import Employee
from yunying.inventory.models import LedgerKind
from yunying.inventory.services.ledger import Move, Source, post_moves
from yunying.masterdata.models import Customer, Item, Location
from yunying.sales.models import Receivable, SalesOrder
from yunying.sales.selectors.ageing import ageing
from yunying.sales.selectors.statistics import sales_by
from yunying.sales.services import deliveries, orders


def stock_up(items: list[Item], location: Location, quantity: int) -> None:
    with transaction.atomic():
        post_moves(
            moves=[
                Move(
                    i.pk,
                    location.pk,
                    Decimal(quantity),
                    LedgerKind.OPENING,
                    unit_cost=Decimal("10"),
                )
                for i in items
            ],
            source=Source("bench.opening", 1, "BENCH"),
            actor=None,
        )


def service_path(
    customer: Customer, items: list[Item], specialist: Employee, clerk: Employee, n: int
) -> None:
    order = orders.create_order(
        customer=customer,
        promised_date=timezone.localdate() + datetime.timedelta(days=5),
        lines=[orders.OrderLine(items[n % len(items)], Decimal(1), Decimal("12"))],
        actor=specialist,
    )
    order = orders.confirm_order(order=order, actor=specialist)
    delivery = order.deliveries.get()
    deliveries.ship(delivery=delivery, carrier="顺丰", tracking_number=f"SF{n}", actor=clerk)


def raw_path(
    customer: Customer,
    item: Item,
    location: Location,
    specialist: Employee,
    clerk: Employee,
    n: int,
) -> None:
    """The rows the three transactions write, as plain statements."""
    now, today = timezone.now(), timezone.localdate()
    audit = (
        "INSERT INTO core_auditevent (seq, occurred_at, actor_id, actor_name, action, object_type, object_id, "
        "object_repr, changes, clause, prev_hash, hash) VALUES (%s, %s, %s, '', 'bench', 'sales', %s, '', '{}', '', %s, %s)"
    )

    def chain(cursor: Any, object_id: int) -> None:
        cursor.execute("SELECT seq FROM core_auditchainhead WHERE id = 1")
        seq = cursor.fetchone()[0] + 1
        cursor.execute(audit, [seq, now, specialist.pk, str(object_id), "0" * 64, "1" * 64])
        cursor.execute(
            "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1", [seq, "1" * 64]
        )

    with transaction.atomic(), connection.cursor() as cursor:  # create
        cursor.execute(
            "UPDATE core_documentsequence SET last_number = last_number + 1 WHERE prefix = 'SO' AND year = %s",
            [today.year],
        )
        cursor.execute(
            "INSERT INTO sales_salesorder (number, department_id, created_by_id, created_at, updated_at, customer_id, region_id, "
            "state, order_date, promised_date, customer_reference, delivery_address, note, amount) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, 'draft', %s, %s, '', '', '', 12) RETURNING id",
            [
                f"RAW-SO-{n}",
                specialist.department_id,
                specialist.pk,
                now,
                now,
                customer.pk,
                customer.region_id,
                today,
                today,
            ],
        )
        order_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO sales_salesorderline (order_id, item_id, quantity, unit_price, allow_backorder, amount, reserved_quantity, "
            "noticed_quantity, shipped_quantity, delivered_quantity, returned_quantity) VALUES (%s, %s, 1, 12, false, 12, 0, 0, 0, 0, 0) RETURNING id",
            [order_id, item.pk],
        )
        line_id = cursor.fetchone()[0]
        chain(cursor, order_id)
    with transaction.atomic(), connection.cursor() as cursor:  # confirm: reserve, notice
        cursor.execute(
            "UPDATE sales_salesorder SET state = 'confirmed', confirmed_at = %s, confirmed_by_id = %s WHERE id = %s",
            [now, specialist.pk, order_id],
        )
        cursor.execute(
            "INSERT INTO inventory_stockreservation (item_id, location_id, quantity, source_type, source_id, source_number, source_line, "
            "state, created_at) VALUES (%s, %s, 1, 'sales.salesorder', %s, %s, %s, 'active', %s) RETURNING id",
            [item.pk, location.pk, order_id, f"RAW-SO-{n}", line_id, now],
        )
        reservation_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE inventory_stockbalance SET reserved = reserved + 1 WHERE item_id = %s AND location_id = %s",
            [item.pk, location.pk],
        )
        cursor.execute(
            "UPDATE sales_salesorderline SET reserved_quantity = 1, noticed_quantity = 1 WHERE id = %s",
            [line_id],
        )
        cursor.execute(
            "UPDATE core_documentsequence SET last_number = last_number + 1 WHERE prefix = 'DN' AND year = %s",
            [today.year],
        )
        cursor.execute(
            "INSERT INTO sales_delivery (number, department_id, created_by_id, created_at, updated_at, order_id, state, carrier, "
            "tracking_number, receipt_note, note, cancel_reason) VALUES (%s, %s, %s, %s, %s, %s, 'notice', '', '', '', '', '') RETURNING id",
            [f"RAW-DN-{n}", specialist.department_id, specialist.pk, now, now, order_id],
        )
        delivery_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO sales_deliveryline (delivery_id, order_line_id, item_id, quantity, returned_quantity) VALUES (%s, %s, %s, 1, 0)",
            [delivery_id, line_id, item.pk],
        )
        chain(cursor, order_id)
        chain(cursor, delivery_id)
    with transaction.atomic(), connection.cursor() as cursor:  # ship: ledger, balance
        cursor.execute(
            "UPDATE inventory_stockreservation SET quantity = 0, state = 'consumed', closed_at = %s WHERE id = %s",
            [now, reservation_id],
        )
        cursor.execute(
            "INSERT INTO inventory_stockledgerentry (item_id, location_id, kind, quantity, unit_cost, value, posting_date, posted_at, "
            "source_type, source_id, source_number, source_line, reverses_id, actor_id) VALUES "
            "(%s, %s, 'shipment', -1, 10, -10, %s, %s, 'sales.delivery', %s, %s, %s, NULL, %s)",
            [item.pk, location.pk, today, now, delivery_id, f"RAW-DN-{n}", line_id, clerk.pk],
        )
        cursor.execute(
            "UPDATE inventory_stockbalance SET on_hand = on_hand - 1, reserved = reserved - 1, value = value - 10 WHERE item_id = %s AND location_id = %s",
            [item.pk, location.pk],
        )
        cursor.execute(
            "UPDATE sales_salesorderline SET shipped_quantity = 1 WHERE id = %s", [line_id]
        )
        cursor.execute(
            "UPDATE sales_delivery SET state = 'shipped', carrier = 'SF', tracking_number = %s, shipped_at = %s, shipped_by_id = %s WHERE id = %s",
            [f"SF{n}", now, clerk.pk, delivery_id],
        )
        chain(cursor, delivery_id)


def big_history(lines_count: int) -> None:
    """``lines_count`` order lines (five per order) with deliveries and receivables, written by
    SQL generating the rows in the database."""
    orders_count = lines_count // 5
    specialist = person("ops_specialist")
    customers = list(Customer.objects.values_list("pk", "region_id"))
    items = list(Item.objects.filter(code__startswith="BS").values_list("pk", flat=True))
    pg = connection.vendor == "postgresql"
    day = (
        "(DATE '2025-01-01' + CAST(x % 700 AS integer))"
        if pg
        else "date('2025-01-01', '+' || (x % 700) || ' days')"
    )
    due = (
        "(DATE '2025-02-01' + CAST(x % 700 AS integer))"
        if pg
        else "date('2025-02-01', '+' || (x % 700) || ' days')"
    )
    now = "now()" if pg else "datetime('now')"
    cases = lambda values: "CASE x % {n} {whens} END".format(  # noqa: E731
        n=len(values), whens=" ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    )
    series = (
        f"WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {orders_count})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"{series} INSERT INTO sales_salesorder (number, department_id, created_by_id, created_at, updated_at, customer_id, "
            "region_id, state, order_date, promised_date, customer_reference, delivery_address, note, amount) "
            f"SELECT 'BO-' || x, {specialist.department_id}, {specialist.pk}, {now}, {now}, {cases([c for c, _r in customers])}, "
            f"{cases([r for _c, r in customers])}, 'closed', {day}, {day}, '', '', '', 500 FROM g"
        )
        cursor.execute("SELECT MIN(id), MAX(id) FROM sales_salesorder WHERE number LIKE 'BO-%%'")
        low, high = cursor.fetchone()
        for k in range(5):
            cursor.execute(
                "INSERT INTO sales_salesorderline (order_id, item_id, quantity, unit_price, allow_backorder, amount, reserved_quantity, "
                "noticed_quantity, shipped_quantity, delivered_quantity, returned_quantity) "
                f"SELECT id, {cases(items).replace('x %', f'(id + {k}) %')}, 10, 10, {'false' if pg else '0'}, 100, 10, 10, 10, 10, 0 "
                f"FROM sales_salesorder WHERE id BETWEEN {low} AND {high}"
            )
        cursor.execute(
            "INSERT INTO sales_delivery (number, department_id, created_by_id, created_at, updated_at, order_id, state, carrier, "
            "tracking_number, receipt_note, note, cancel_reason, shipped_at, delivered_at) "
            f"SELECT 'BD-' || id, department_id, created_by_id, {now}, {now}, id, 'delivered', 'SF', 'SF' || id, '', '', '', {now}, {now} "
            f"FROM sales_salesorder WHERE id BETWEEN {low} AND {high}"
        )
        x = "o.id"
        cursor.execute(
            "INSERT INTO sales_receivable (number, department_id, created_by_id, created_at, updated_at, customer_id, region_id, "
            "order_id, delivery_id, state, invoice_date, due_date, amount, credited, paid) "
            f"SELECT 'BR-' || o.id, o.department_id, o.created_by_id, {now}, {now}, o.customer_id, o.region_id, o.id, d.id, "
            f"CASE WHEN o.id % 3 = 0 THEN 'settled' ELSE 'open' END, o.order_date, {due.replace('x', x)}, 500, 0, "
            "CASE WHEN o.id % 3 = 0 THEN 500 ELSE 0 END "
            f"FROM sales_salesorder o JOIN sales_delivery d ON d.order_id = o.id WHERE o.id BETWEEN {low} AND {high}"
        )
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(call: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    count = max(30, int(200 * scale))
    location = Location.objects.get(code="A-01")
    specialist, clerk = person("ops_specialist"), person("logistics_clerk")
    customer = Customer.objects.get(code="C002")
    Customer.objects.filter(pk=customer.pk).update(credit_limit=Decimal("1000000000"))
    customer.refresh_from_db()
    items = bench_items(5, "BS")
    stock_up(items, location, 100000)
    service_path(customer, items, specialist, clerk, 0)  # warm up
    with CaptureQueriesContext(connection) as service_statements:
        service_path(customer, items, specialist, clerk, -1)
    with CaptureQueriesContext(connection) as raw_statements:
        raw_path(customer, items[0], location, specialist, clerk, -1)
    start = time.perf_counter()
    for n in range(count):
        service_path(customer, items, specialist, clerk, n + 1)
    service = count / (time.perf_counter() - start)
    start = time.perf_counter()
    for n in range(count):
        raw_path(customer, items[n % 5], location, specialist, clerk, n)
    raw = count / (time.perf_counter() - start)
    rows = [
        row(f"order to shipment via services (3 transactions, {count}x)", service, "orders/s"),
        row("  statements per order via services", len(service_statements), "statements", 0),
        row("  same writes as raw SQL", raw, "orders/s"),
        row("  statements per order as raw SQL", len(raw_statements), "statements", 0),
        row("  services / raw", service / raw, "ratio", 3),
    ]

    lines = int(1_000_000 * scale)
    start = time.perf_counter()
    big_history(lines)
    rows.append(row(f"  (generating {lines:,} order lines)", time.perf_counter() - start, "s"))
    for dimension in ("month", "item", "customer", "region"):
        seconds = timed(lambda d=dimension: sales_by(d))
        rows.append(
            row(f"sales statistics by {dimension} over {lines:,} order lines", seconds, "s", 3)
        )
    receivables = Receivable.objects.all()
    for by in ("customer", "region"):
        seconds = timed(lambda b=by: ageing(receivables, by=b))
        rows.append(
            row(f"receivables ageing by {by} ({lines // 5:,} receivables)", seconds, "s", 3)
        )
    assert SalesOrder.objects.filter(number__startswith="BO-").count() == lines // 5
    return rows
