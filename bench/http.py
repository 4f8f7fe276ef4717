"""The order-to-shipment path through the HTTP API: 8 concurrent clients against a gunicorn
server, each creating an order, confirming it and shipping its delivery notice."""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench.procurement import bench_items, person
from bench.sales import stock_up
from bench.timing import percentiles, row
from yunying.masterdata.models import Customer, Location

CLIENTS = 8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "yunying.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "4",
        "--threads",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env={**os.environ, "YUNYING_ALLOWED_HOSTS": "127.0.0.1"})  # noqa: S603
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


class Client:
    def __init__(self, port: int, token: str, ship_token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.tokens = {"order": token, "ship": ship_token}
        self.latencies: list[float] = []
        self.errors = 0

    def call(self, path: str, body: dict[str, Any], who: str = "order") -> dict[str, Any]:
        start = time.perf_counter()
        self.connection.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Token {self.tokens[who]}",
            },
        )
        response = self.connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        self.latencies.append((time.perf_counter() - start) * 1000)
        if response.status >= 300:
            self.errors += 1
            raise RuntimeError(f"{path}: {response.status} {payload}")
        return dict(payload)

    def order_to_shipment(self, customer: int, item: int, n: int) -> None:
        promised = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
        order = self.call(
            "/api/v1/sales-orders/",
            {
                "customer": customer,
                "promised_date": promised,
                "lines": [{"item": item, "quantity": "1", "unit_price": "12"}],
            },
        )
        confirmed = self.call(f"/api/v1/sales-orders/{order['id']}/confirm/", {})
        delivery = confirmed["deliveries"][0]["id"]
        self.call(
            f"/api/v1/deliveries/{delivery}/ship/",
            {"carrier": "顺丰", "tracking_number": f"SF{n}"},
            who="ship",
        )


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    per_client = max(10, int(40 * scale))
    location = Location.objects.get(code="A-01")
    items = bench_items(8, "BH")
    stock_up(items, location, 100000)
    customers = list(Customer.objects.order_by("code").values_list("pk", flat=True))
    Customer.objects.update(credit_limit=Decimal("1000000000"))
    token = Token.objects.get_or_create(user=person("ops_specialist").user)[0].key
    ship_token = Token.objects.get_or_create(user=person("logistics_clerk").user)[0].key
    port = free_port()
    server = start_server(port)
    try:
        clients = [Client(port, token, ship_token) for _ in range(CLIENTS)]
        clients[0].order_to_shipment(customers[0], items[0].pk, 0)  # warm up the workers

        def work(index: int, client: Client) -> None:
            for n in range(per_client):
                with contextlib.suppress(RuntimeError):  # counted in client.errors
                    client.order_to_shipment(
                        customers[index % len(customers)], items[index].pk, index * 10000 + n + 1
                    )

        threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(10)
    latencies = [ms for c in clients for ms in c.latencies[1 if c is clients[0] else 0 :]]
    errors = sum(c.errors for c in clients)
    p50, p95 = percentiles(latencies)
    done = CLIENTS * per_client - errors
    return [
        row(
            f"HTTP API, {CLIENTS} clients, order→confirm→ship ({done} orders)",
            done / seconds,
            "orders/s",
        ),
        row("  request latency p50", p50, "ms"),
        row("  request latency p95", p95, "ms"),
        row("  failed requests", errors, "requests", 0),
    ]
