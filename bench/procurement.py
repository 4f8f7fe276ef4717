"""Goods receipts through the services against the same writes as raw SQL; one receipt of 200
lines (milliseconds and SQL statements)."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.timing import row
from yunying.core.models import Employee
from yunying.demo.history import approve_chain
from yunying.masterdata.models import Item, ItemCategory, Location, Supplier
from yunying.procurement.models import PurchaseContract
from yunying.procurement.services import contracts, plans, receipts


def person(username: str) -> Employee:
    return Employee.objects.select_related("department").get(user__username=username)


def bench_items(count: int, prefix: str) -> list[Item]:
    category = ItemCategory.objects.first()
    Item.objects.bulk_create(
        Item(
            code=f"{prefix}{i:05d}",
            name=f"bench {i}",
            category=category,
            standard_cost=Decimal("10"),
        )
        for i in range(count)
    )
    return list(Item.objects.filter(code__startswith=prefix).order_by("code"))


def contract_for(items: list[Item], quantity: int) -> PurchaseContract:
    """An approved plan and a signed contract for ``quantity`` of each item."""
    needed = timezone.localdate() + datetime.timedelta(days=30)
    plan = plans.draft_plan(
        kind="purchase",
        title="bench",
        needed_by=needed,
        lines=[plans.PlanLine(i, Decimal(quantity), needed, Decimal("12.5")) for i in items],
        actor=person("ops_supervisor"),
    )
    plan = plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    approve_chain(plans.as_document(plan))
    plan.refresh_from_db()
    contract = contracts.create_contract(
        supplier=Supplier.objects.get(code="S001"),
        lines=[
            contracts.ContractItem(line, line.quantity, Decimal("12.5"), needed)
            for line in plan.lines.all()
        ],
        actor=person("buyer"),
    )
    return contracts.sign_contract(
        contract=contract, follower=person("ops_specialist"), actor=person("buyer")
    )


RAW = {
    "sequence": "UPDATE core_documentsequence SET last_number = last_number + 1 WHERE prefix = %s AND year = %s RETURNING last_number",
    "receipt": (
        "INSERT INTO procurement_goodsreceipt (number, department_id, created_by_id, created_at, updated_at, state, "
        "contract_id, location_id, received_on, note) VALUES (%s, %s, %s, %s, %s, 'posted', %s, %s, %s, '') RETURNING id"
    ),
    "line": (
        "INSERT INTO procurement_goodsreceiptline (receipt_id, contract_line_id, item_id, received_quantity, "
        "accepted_quantity, rejected_quantity, returned_quantity, reject_reason, unit_cost, return_state) VALUES "
    ),
    "contract_line": (
        "UPDATE procurement_contractline SET received_quantity = received_quantity + %s, "
        "accepted_quantity = accepted_quantity + %s WHERE id = %s"
    ),
    "ledger": (
        "INSERT INTO inventory_stockledgerentry (item_id, location_id, kind, quantity, unit_cost, value, posting_date, "
        "posted_at, source_type, source_id, source_number, source_line, reverses_id, actor_id) VALUES "
    ),
    "balance": "UPDATE inventory_stockbalance SET on_hand = on_hand + %s, value = value + %s WHERE item_id = %s AND location_id = %s",
    "audit": (
        "INSERT INTO core_auditevent (seq, occurred_at, actor_id, actor_name, action, object_type, object_id, object_repr, "
        "changes, clause, prev_hash, hash) VALUES (%s, %s, %s, '', 'bench.raw', 'procurement.goodsreceipt', %s, '', '{}', '', %s, %s)"
    ),
    "head": "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1",
}


def raw_receipt(
    contract: PurchaseContract, lines: list[Any], location: Location, actor: Employee, n: int
) -> None:
    """The rows a service receipt writes, as plain SQL statements in one transaction."""
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RAW["sequence"], ["GR", today.year])
        number = f"RAW-{n:07d}"
        cursor.execute(
            RAW["receipt"],
            [number, actor.department_id, actor.pk, now, now, contract.pk, location.pk, today],
        )
        receipt_id = cursor.fetchone()[0]
        values = ",".join(["(%s, %s, %s, 1, 1, 0, 0, '', 12.5, '')"] * len(lines))
        cursor.execute(
            RAW["line"] + values, [v for line in lines for v in (receipt_id, line.pk, line.item_id)]
        )
        for line in lines:
            cursor.execute(RAW["contract_line"], [1, 1, line.pk])
        values = ",".join(
            [
                "(%s, %s, 'receipt', 1, 12.5, 12.5, %s, %s, 'procurement.goodsreceipt', %s, %s, NULL, NULL, %s)"
            ]
            * len(lines)
        )
        cursor.execute(
            RAW["ledger"] + values,
            [
                v
                for line in lines
                for v in (line.item_id, location.pk, today, now, receipt_id, number, actor.pk)
            ],
        )
        for line in lines:
            cursor.execute(RAW["balance"], [1, Decimal("12.5"), line.item_id, location.pk])
        cursor.execute("SELECT seq FROM core_auditchainhead WHERE id = 1")
        seq = cursor.fetchone()[0] + 1
        cursor.execute(RAW["audit"], [seq, now, actor.pk, str(receipt_id), "0" * 64, "1" * 64])
        cursor.execute(RAW["head"], [seq, "1" * 64])


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    count = max(50, int(300 * scale))
    specialist = person("ops_specialist")
    location = Location.objects.get(code="A-01")
    items = bench_items(10, "BR")
    service_contract = contract_for(items[:5], count)
    raw_contract = contract_for(items[5:], count)
    service_lines = list(service_contract.lines.all())
    raw_lines = list(raw_contract.lines.all())
    # Raw writes need existing balance rows (the services create them on first receipt).
    receipts.receive_goods(
        contract=raw_contract,
        location=location,
        inspections=[receipts.Inspection(line, Decimal(1), Decimal(1)) for line in raw_lines],
        actor=specialist,
    )

    start = time.perf_counter()
    for _ in range(count):
        receipts.receive_goods(
            contract=service_contract,
            location=location,
            inspections=[
                receipts.Inspection(line, Decimal(1), Decimal(1)) for line in service_lines
            ],
            actor=specialist,
        )
    service = count / (time.perf_counter() - start)
    start = time.perf_counter()
    for n in range(count - 1):
        raw_receipt(raw_contract, raw_lines, location, specialist, n)
    raw = (count - 1) / (time.perf_counter() - start)

    big_items = bench_items(200, "BIG")
    big_contract = contract_for(big_items, 1)
    big_lines = list(big_contract.lines.all())
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        receipts.receive_goods(
            contract=big_contract,
            location=location,
            inspections=[receipts.Inspection(line, Decimal(1), Decimal(1)) for line in big_lines],
            actor=specialist,
        )
        big_ms = (time.perf_counter() - start) * 1000
    statements = [
        q
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
    ]
    return [
        row(f"goods receipts via services (5 lines, {count}x)", service, "receipts/s"),
        row("  same writes as raw SQL", raw, "receipts/s"),
        row("  services / raw", service / raw, "ratio", 3),
        row("one receipt of 200 lines", big_ms, "ms"),
        row("  SQL statements for it", len(statements), "statements", 0),
    ]
