"""Mixed work through the HTTP API against a gunicorn server (4 workers × 4 threads), with 8, 16
and 32 concurrent clients in turn. Each client repeatedly either takes an order to shipment
(create, confirm, ship its delivery notice) or posts a goods receipt against an open contract,
all on the same three items, so orders and receipts contend for the same stock rows.

Per client count: orders/s, receipts/s, p50 and p95 latency per kind of request, and the failed
requests. The first error bodies and the exceptions the server logged (a deadlock shows here)
are summarised on stderr. ``--scale`` sets the work per client, as in the other benchmarks."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench.procurement import bench_items, contract_for, person
from bench.sales import stock_up
from bench.timing import percentiles, row
from yunying.masterdata.models import Customer, Location

CLIENT_COUNTS = (8, 16, 32)
WORKERS, THREADS = 4, 4
SHARED_ITEMS = 3
RECEIPT_SHARE = 0.25  # of a client's iterations; the rest take an order to shipment
RECEIPT_MOST = 5  # units per receipt line at most
KINDS = ("create", "confirm", "ship", "receive")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "yunying.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as output:  # the server's stderr: Django logs each 500 with its error
        server = subprocess.Popen(  # noqa: S603 - fixed command
            command,
            # The load is the point here: no per-account API throttle (settings.REST_FRAMEWORK).
            env={
                **os.environ,
                "YUNYING_ALLOWED_HOSTS": "127.0.0.1",
                "YUNYING_API_RATE_USER": "off",
            },
            stderr=output,
        )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')}")


@dataclass
class Setup:
    port: int
    tokens: dict[str, str]  # who → API token
    customers: list[int]
    items: list[int]
    contract: int
    contract_lines: list[int]
    location: int


class Failed(Exception):
    """A request that did not succeed (counted by the client)."""


@dataclass
class Client:
    setup: Setup
    rng: random.Random
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # status, path, body
    orders: int = 0
    receipts: int = 0

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.setup.port, timeout=120)

    def call(self, kind: str, path: str, body: dict[str, Any], who: str) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            self.connection.request(
                "POST",
                path,
                body=json.dumps(body),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Token {self.setup.tokens[who]}",
                },
            )
            response = self.connection.getresponse()
            status, raw = response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # reconnects on the next request
            self.errors.append((0, path, f"{type(error).__name__}: {error}"))
            raise Failed from error
        self.latencies[kind].append((time.perf_counter() - start) * 1000)
        if status >= 300:
            self.errors.append((status, path, raw.decode(errors="replace")))
            raise Failed
        return dict(json.loads(raw or b"{}"))

    def order_to_shipment(self, n: int) -> None:
        promised = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
        order = self.call(
            "create",
            "/api/v1/sales-orders/",
            {
                "customer": self.rng.choice(self.setup.customers),
                "promised_date": promised,
                "lines": [
                    {"item": self.rng.choice(self.setup.items), "quantity": "1", "unit_price": "12"}
                ],
            },
            "order",
        )
        confirmed = self.call(
            "confirm", f"/api/v1/sales-orders/{order['id']}/confirm/", {}, "order"
        )
        delivery = confirmed["deliveries"][0]["id"]
        self.call(
            "ship",
            f"/api/v1/deliveries/{delivery}/ship/",
            {"carrier": "顺丰", "tracking_number": f"SF{n}"},
            "ship",
        )
        self.orders += 1

    def receive(self) -> None:
        lines = self.rng.sample(self.setup.contract_lines, self.rng.choice((1, 2)))
        self.call(
            "receive",
            "/api/v1/receipts/",
            {
                "contract": self.setup.contract,
                "location": self.setup.location,
                "lines": [
                    {"contract_line": line, "received": str(self.rng.randint(1, RECEIPT_MOST))}
                    for line in lines
                ],
            },
            "receive",
        )
        self.receipts += 1

    def work(self, index: int, iterations: int) -> None:
        for n in range(iterations):
            try:
                if self.rng.random() < RECEIPT_SHARE:
                    self.receive()
                else:
                    self.order_to_shipment(index * 100000 + n)
            except Failed:
                pass  # counted in self.errors
            except Exception as error:  # a malformed answer: count it, keep going
                self.errors.append((0, "(client)", f"{type(error).__name__}: {error}"))


def _short(body: str) -> str:
    """An error body on one line: JSON as is, HTML without its tags."""
    if body.lstrip().startswith("<"):
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        body = title.group(1) if title else re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body).strip()[:200]


EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Detected|Busy)): (.*)$")
RELATION = re.compile(r'in relation "(\w+)"')


def server_exceptions(log: Path, start: int) -> tuple[Counter[str], int]:
    """What the server logged for its 500s since byte ``start`` — request path, the last
    exception of each chain and the table a lock wait was on — and the log's end."""
    text = log.read_bytes()
    found: Counter[str] = Counter()
    for block in text[start:].decode(errors="replace").split("Internal Server Error: ")[1:]:
        path = re.sub(r"/\d+/", "/N/", block.split(maxsplit=1)[0]) if block.strip() else "?"
        lines = [m for line in block.splitlines() if (m := EXCEPTION_LINE.match(line))]
        if lines:
            relation = RELATION.search(block[block.rindex(lines[-1].group(0)) :])
            where = f" on {relation.group(1)}" if relation else ""
            found[f"{path} {lines[-1].group(1)}: {lines[-1].group(2)[:100]}{where}"] += 1
    return found, len(text)


def report_errors(clients_count: int, clients: list[Client], log: Path, start: int) -> int:
    errors = [e for c in clients for e in c.errors]
    logged, end = server_exceptions(log, start)
    if errors or logged:
        statuses = Counter(status for status, _path, _body in errors)
        summary = ", ".join(f"HTTP {s or 'n/a'} ×{n}" for s, n in sorted(statuses.items()))
        print(f"  http, {clients_count} clients: {len(errors)} failed ({summary})", file=sys.stderr)
        for status, path, body in errors[:4]:
            print(f"    {status} {path}: {_short(body)}", file=sys.stderr)
        for line, n in logged.most_common(6):
            print(f"    server logged ×{n}: {line}", file=sys.stderr)
    return end


def prepare(port: int, iterations: int) -> Setup:
    location = Location.objects.get(code="A-01")
    items = bench_items(SHARED_ITEMS, "BH")
    stock_up(items, location, 100000)
    Customer.objects.update(credit_limit=Decimal("1000000000"))
    # Enough contract quantity that no receipt (warm-up included) finds the contract fulfilled.
    contract = contract_for(items, (sum(CLIENT_COUNTS) + 1) * iterations * RECEIPT_MOST)
    tokens = {
        who: Token.objects.get_or_create(user=person(username).user)[0].key
        for who, username in (
            ("order", "ops_specialist"),
            ("ship", "logistics_clerk"),
            ("receive", "warehouse_keeper"),
        )
    }
    return Setup(
        port=port,
        tokens=tokens,
        customers=list(Customer.objects.order_by("code").values_list("pk", flat=True)),
        items=[i.pk for i in items],
        contract=contract.pk,
        contract_lines=list(contract.lines.order_by("pk").values_list("pk", flat=True)),
        location=location.pk,
    )


def one_round(setup: Setup, count: int, iterations: int) -> tuple[list[Client], float]:
    clients = [Client(setup, random.Random(f"http:{count}:{i}")) for i in range(count)]
    threads = [threading.Thread(target=c.work, args=(i, iterations)) for i, c in enumerate(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    for client in clients:
        client.connection.close()
    return clients, seconds


def rows_for(count: int, clients: list[Client], seconds: float) -> list[dict[str, Any]]:
    orders = sum(c.orders for c in clients)
    receipts = sum(c.receipts for c in clients)
    errors = [e for c in clients for e in c.errors]
    rows = [
        row(
            f"HTTP API, {count} clients, orders (create→confirm→ship) and receipts mixed",
            orders / seconds,
            "orders/s",
        ),
        row(f"  goods receipts ({receipts} in {seconds:.0f} s)", receipts / seconds, "receipts/s"),
    ]
    for kind in KINDS:
        samples = [ms for c in clients for ms in c.latencies[kind]]
        if samples:
            p50, p95 = percentiles(samples)
            rows.append(row(f"  {kind} latency p50", p50, "ms"))
            rows.append(row(f"  {kind} latency p95", p95, "ms"))
    answered = sum(len(c.latencies[kind]) for c in clients for kind in KINDS)
    rows.append(row(f"  failed requests (of {answered} answered)", len(errors), "requests", 0))
    rows.append(row("  of them HTTP 500", sum(e[0] == 500 for e in errors), "requests", 0))
    return rows


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    iterations = max(10, int(40 * scale))  # per client and round
    port = free_port()
    setup = prepare(port, iterations)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as temp:
        log = Path(temp) / "gunicorn.log"
        server = start_server(port, log)
        try:
            warm = Client(setup, random.Random("warm-up"))
            warm.work(0, 2 * WORKERS)  # every worker imports and connects on its first requests
            warm.connection.close()
            offset = log.stat().st_size
            for count in CLIENT_COUNTS:
                clients, seconds = one_round(setup, count, iterations)
                offset = report_errors(count, clients, log, offset)
                rows += rows_for(count, clients, seconds)
        finally:
            server.terminate()
            server.wait(10)
    return rows
