"""A mixed workload for the concurrency tests: many threads, each on its own PostgreSQL
connection, running a bounded, seeded sequence of real service calls on a few shared items and
customers — sales orders created, confirmed and shipped, goods received against a signed
contract, purchase plans submitted and approvals decided — and the checks that the stock, the
documents and the audit trail still agree afterwards.

Each thread draws its sequence of operation kinds from ``random.Random(f"{seed}:{thread}")``, so
a seed reproduces what every thread attempted; which document an operation lands on depends on
what the other threads did first (timing), which is the point. Business refusals
(``core.errors.DomainError``) are counted per kind; anything else is a failure with where it
happened.
"""

from __future__ import annotations

import datetime
import random
import re
import threading
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, connections
from django.utils import timezone

from tests.sales_steps import confirmed_order, draft_order
from tests.stock import approved_plan, item, location, person, put_stock, signed_contract
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalRequest
from yunying.core.errors import DomainError, InsufficientStock
from yunying.core.models import Employee
from yunying.masterdata.models import Customer
from yunying.procurement.models import (
    ContractLine,
    PurchaseContract,
    PurchasePlan,
)
from yunying.procurement.services import plans, receipts
from yunying.sales.models import Delivery, SalesOrder
from yunying.sales.services import deliveries, orders

ZERO = Decimal("0")
# The shared items with their selling price, and the customers; C008's limit is lowered so
# that its orders soon go to the credit approval (SALES-7) while the others are confirmed.
ITEMS = {"INV-M2": 1350, "PV-M550": 780, "JB-IP68": 45}
CUSTOMERS = ("C002", "C003", "C008")
SMALL_CREDIT = ("C008", Decimal("10000"))
OPENING_STOCK = 15  # per item: tight, so some confirmations are refused (INV-6)
CONTRACTED = 400  # per item: more than all receipts together can accept
# Operation kinds and how often each thread draws them.
KINDS = {"create": 3, "confirm": 3, "ship": 2, "receive": 1.5, "plan": 0.5, "decide": 1.5}


# ----------------------------------------------------------------------------- shared state


@dataclass
class Pools:
    """Documents the threads hand to each other: drafts to confirm, notices to ship, approval
    requests to decide. Picking does not remove: two threads may act on the same document."""

    drafts: set[int] = field(default_factory=set)
    notices: set[int] = field(default_factory=set)
    pending: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pick(self, name: str, rng: random.Random) -> int | None:
        with self.lock:
            pool: set[int] = getattr(self, name)
            return rng.choice(sorted(pool)) if pool else None

    def add(self, name: str, ids: Iterable[int]) -> None:
        with self.lock:
            getattr(self, name).update(ids)

    def discard(self, name: str, ids: Iterable[int]) -> None:
        with self.lock:
            getattr(self, name).difference_update(ids)


@dataclass
class World:
    contract_id: int
    contract_lines: list[int]
    opening: dict[int, Decimal]  # item id → opening stock
    pools: Pools


@dataclass
class Tally:
    seed: str
    threads: int
    operations: int
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    # "operation · where it failed" → how often, e.g. "ship · deadlock on masterdata_item in …"
    hotspots: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        with self.lock:
            self.counts[(kind, outcome)] += n

    def fail(self, kind: str, where: str, error: BaseException) -> None:
        with self.lock:
            self.counts[("FAILED", type(error).__name__)] += 1
            self.failures.append(f"{where}: {describe(error)}")
            self.hotspots[f"{kind} · {hotspot(error)}"] += 1

    def succeeded(self, kind: str) -> int:
        """How many operations of ``kind`` went through (refusals are named by their class)."""
        return sum(
            n
            for (k, outcome), n in self.counts.items()
            if k == kind and outcome != "idle" and not outcome[0].isupper()
        )

    def refused(self, refusal: str) -> int:
        """How many operations of any kind were refused with the error class ``refusal``."""
        return sum(n for (_kind, outcome), n in self.counts.items() if outcome == refusal)

    def summary(self) -> str:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for (kind, outcome), n in sorted(self.counts.items()):
            by_kind[kind].append(f"{outcome} {n}")
        lines = [
            f"mixed load: seed {self.seed!r}, {self.threads} threads × {self.operations} "
            f"operations in {self.seconds:.1f} s"
        ]
        lines += [f"  {kind:8} {', '.join(outcomes)}" for kind, outcomes in by_kind.items()]
        if self.failures:
            lines.append(f"  {len(self.failures)} failures, by operation and where:")
            lines += [f"    {n:3} × {spot}" for spot, n in self.hotspots.most_common()]
            lines.append("  the first 12:")
            lines += [f"    {f}" for f in self.failures[:12]]
        return "\n".join(lines)


def _diag(error: BaseException) -> Any:
    return getattr(error.__cause__, "diag", None) or getattr(error, "diag", None)


def hotspot(error: BaseException) -> str:
    """A short name for where an error happened: the kind of error, the table a lock wait was
    on and the innermost service function."""
    diag = _diag(error)
    what = type(error).__name__
    if diag is not None and diag.sqlstate == "40P01":
        what = "deadlock"
    context = " ".join(part for part in (diag.context, diag.message_detail) if part) if diag else ""
    table = re.search(r'relation "(\w+)"|"public"\."(\w+)"', context)
    frames = _frames(error)
    return " ".join(
        part
        for part in (
            what,
            f"on {table.group(1) or table.group(2)}" if table else "",
            f"in {frames[-1]}" if frames else "",
        )
        if part
    )


def _frames(error: BaseException) -> list[str]:
    """The yunying functions the error came through, outermost first."""
    return [
        f"{module.removesuffix('.py').replace('/', '.')}.{frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "/yunying/" in frame.filename
        for module in [frame.filename.rsplit("/yunying/", 1)[1]]
        if not module.startswith("core/tx")
    ]


def describe(error: BaseException) -> str:
    """The error, PostgreSQL's detail and context (which rows a deadlock was on) and the service
    functions it came through."""
    text = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error) else ''}"
    diag = _diag(error)
    if diag is not None:
        text += "".join(
            f" | {part.strip()}" for part in (diag.message_detail, diag.context) if part
        ).replace("\n", " ")
    frames = _frames(error)
    return text + (f" [via {' > '.join(frames[-4:])}]" if frames else "")


# ----------------------------------------------------------------------------- given


def prepare() -> World:
    """Tight stock of the shared items, a small credit limit for one customer, a signed contract
    owing plenty of each item, and some drafts, delivery notices and a plan already waiting."""
    for code in ITEMS:
        put_stock(code, OPENING_STOCK, cost=ITEMS[code] // 2)
    Customer.objects.filter(code=SMALL_CREDIT[0]).update(credit_limit=SMALL_CREDIT[1])
    contract = signed_contract(approved_plan(dict.fromkeys(ITEMS, CONTRACTED)))
    pools = Pools()
    codes = list(ITEMS)
    for n, customer in enumerate(CUSTOMERS * 2):
        pools.add(
            "drafts", [draft_order(customer, {codes[n % 3]: (2 + n % 4, ITEMS[codes[n % 3]])}).pk]
        )
    for n, customer in enumerate(("C002", "C003", "C002")):
        order = confirmed_order(customer, {codes[n]: (3, ITEMS[codes[n]])})
        pools.add("notices", list(order.deliveries.values_list("pk", flat=True)))
    pools.add("pending", [_submit_plan(person("ops_supervisor"), codes[0], 30).pk])
    return World(
        contract_id=contract.pk,
        contract_lines=list(contract.lines.order_by("pk").values_list("pk", flat=True)),
        opening={item(code).pk: Decimal(OPENING_STOCK) for code in ITEMS},
        pools=pools,
    )


def _submit_plan(author: Employee, code: str, quantity: int) -> ApprovalRequest:
    needed = timezone.localdate() + datetime.timedelta(days=30)
    plan = plans.draft_plan(
        kind=PurchasePlan.Kind.PURCHASE,
        title="并发补货",
        needed_by=needed,
        lines=[plans.PlanLine(item(code), Decimal(quantity), needed, Decimal(100))],
        actor=author,
    )
    plan = plans.submit_plan(plan=plan, actor=author)
    request = approvals_selectors.latest_request(plans.as_document(plan))
    assert request is not None
    return request


# ----------------------------------------------------------------------------- when


class Clerk:
    """One client: its own thread, connection, people and random sequence."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world, self.pools, self.rng = world, world.pools, rng
        self.people = {
            name: person(name)
            for name in (
                "ops_specialist",
                "ops_supervisor",
                "ops_manager",
                "logistics_clerk",
                "warehouse_keeper",
            )
        }
        self.customers = {code: Customer.objects.get(code=code) for code in CUSTOMERS}
        self.items = {code: item(code) for code in ITEMS}
        self.target = ""  # what the current operation acts on, for the failure report

    def create(self) -> str:
        codes = self.rng.sample(list(ITEMS), self.rng.choice((1, 1, 2)))
        order = orders.create_order(
            customer=self.customers[self.rng.choice(CUSTOMERS)],
            promised_date=timezone.localdate() + datetime.timedelta(days=7),
            lines=[
                orders.OrderLine(
                    self.items[code], Decimal(self.rng.randint(2, 8)), Decimal(ITEMS[code])
                )
                for code in codes
            ],
            actor=self.people["ops_specialist"],
        )
        self.pools.add("drafts", [order.pk])
        return "created"

    def confirm(self) -> str:
        pk = self.pools.pick("drafts", self.rng)
        if pk is None:
            return self.idle()
        self.target = f"order {pk}"
        try:
            order = orders.confirm_order(
                order=SalesOrder.objects.get(pk=pk), actor=self.people["ops_specialist"]
            )
        except DomainError as refusal:
            if not isinstance(refusal, InsufficientStock):  # confirmed by another thread first
                self.pools.discard("drafts", [pk])
            raise
        self.pools.discard("drafts", [pk])
        if order.state == SalesOrder.State.CREDIT_REVIEW:
            request = approvals_selectors.latest_request(order)
            self.pools.add("pending", [request.pk] if request else [])
            return "to credit approval"
        self.pools.add("notices", list(order.deliveries.values_list("pk", flat=True)))
        return "confirmed"

    def ship(self) -> str:
        pk = self.pools.pick("notices", self.rng)
        if pk is None:
            return self.idle()
        self.target = f"delivery {pk}"
        try:
            deliveries.ship(
                delivery=Delivery.objects.get(pk=pk),
                carrier="顺丰",
                tracking_number=f"SF{pk:08d}",
                actor=self.people["logistics_clerk"],
            )
        finally:
            self.pools.discard("notices", [pk])
        return "shipped"

    def receive(self) -> str:
        picked = self.rng.sample(self.world.contract_lines, self.rng.choice((1, 1, 2)))
        lines = ContractLine.objects.filter(pk__in=picked).order_by("pk")
        inspections = []
        for line in lines:
            quantity, rejected = Decimal(self.rng.randint(2, 6)), Decimal(0)
            if self.rng.random() < 0.2:
                rejected = Decimal(1)
            inspections.append(
                receipts.Inspection(
                    line, quantity, quantity - rejected, rejected, "外观破损" if rejected else ""
                )
            )
        who = self.rng.choice(("ops_specialist", "warehouse_keeper"))
        self.target = f"contract lines {picked}"
        receipts.receive_goods(
            contract=PurchaseContract.objects.get(pk=self.world.contract_id),
            location=location(),
            inspections=inspections,
            actor=self.people[who],
        )
        return "received"

    def plan(self) -> str:
        request = _submit_plan(
            self.people["ops_supervisor"], self.rng.choice(list(ITEMS)), self.rng.randint(10, 50)
        )
        self.pools.add("pending", [request.pk])
        return "submitted"

    def decide(self) -> str:
        pk = self.pools.pick("pending", self.rng)
        if pk is None:
            return self.idle()
        request = ApprovalRequest.objects.get(pk=pk)
        is_order = request.doc_type == "sales.credit_override"
        self.target = f"approval {pk} of {request.document_number}"
        approving = self.rng.random() < (0.75 if is_order else 0.6)
        manager = self.people["ops_manager"]
        try:
            if approving:
                request = approvals.approve(request=request, actor=manager, comment="同意")
            else:
                request = approvals.return_for_changes(
                    request=request, actor=manager, comment="请补充说明"
                )
        except DomainError as refusal:
            if not isinstance(refusal, InsufficientStock):  # decided by another thread first
                self.pools.discard("pending", [pk])
            raise
        self.pools.discard("pending", [pk])
        if is_order and request.state == ApprovalRequest.State.APPROVED:
            notices = Delivery.objects.filter(order_id=request.object_id, state="notice")
            self.pools.add("notices", list(notices.values_list("pk", flat=True)))
        elif is_order and request.state == ApprovalRequest.State.RETURNED:
            self.pools.add("drafts", [request.object_id])
        kind = "order" if is_order else "plan"
        return f"{kind} {'approved' if approving else 'returned'}"

    def idle(self) -> str:
        """Nothing to act on yet: create an order instead (counted as idle)."""
        self.create()
        return "idle"


def run(world: World, *, threads: int, operations: int, seed: str, budget: float = 40) -> Tally:
    """``threads`` clients, each on its own connection, start at the same moment and run
    ``operations`` operations each — or as many as they start within ``budget`` seconds, so that
    a slow run stays bounded; return what came of them."""
    tally = Tally(seed=seed, threads=threads, operations=operations)
    barrier = threading.Barrier(threads)
    kinds, weights = list(KINDS), list(KINDS.values())

    def client(index: int) -> None:
        rng = random.Random(f"{seed}:{index}")  # reproducible choices
        try:
            try:
                clerk = Clerk(world, rng)
            except BaseException:
                barrier.abort()  # the others do not wait for a client that will not come
                raise
            barrier.wait(60)
            deadline = time.monotonic() + budget
            for n in range(operations):
                kind = rng.choices(kinds, weights)[0]
                if time.monotonic() > deadline:
                    tally.count("(budget)", "not started", operations - n)
                    break
                clerk.target = ""
                operation: Callable[[], str] = getattr(clerk, kind)
                try:
                    tally.count(kind, operation())
                except DomainError as refusal:
                    tally.count(kind, type(refusal).__name__)
                except Exception as error:  # the test lists every one
                    where = f"thread {index} op {n} {kind} {clerk.target}".rstrip()
                    tally.fail(kind, where, error)
                if connection.in_atomic_block:
                    tally.fail(
                        kind,
                        f"thread {index} op {n} {kind}",
                        AssertionError("a transaction was left open"),
                    )
        except Exception as error:  # set-up of the client itself
            tally.fail("set-up", f"thread {index} set-up", error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    timeout = budget + 120  # the last operations started may still take a while
    for worker in workers:
        worker.join(max(1.0, timeout - (time.perf_counter() - start)))
    tally.seconds = time.perf_counter() - start
    for index, worker in enumerate(workers):
        if worker.is_alive():
            tally.fail(
                "run", f"thread {index}", TimeoutError(f"still running after {timeout:.0f} s")
            )
    return tally
