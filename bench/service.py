"""Customer service at scale (SVC-1, SVC-2): the case list's first page over 100,000 cases, and
the breach check over 10,000 open cases of which 100 are past their due moments."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.test import Client
from django.utils import timezone

from bench.procurement import person
from bench.timing import row
from yunying.masterdata.models import Customer
from yunying.service.models import ComplaintCause, ServiceCase
from yunying.service.services import escalation

CASES = 100_000
OPEN = 10_000
BREACHED = 100
BATCH = 5_000


def cases(count: int, open_count: int, breached: int) -> None:
    """``count`` cases over the demo customers, one every five minutes up to now: the newest
    ``open_count`` open (due in a day, the newest ``breached`` of them due an hour ago), the
    rest closed."""
    agent, lead = person("cs_agent"), person("cs_lead")
    customers = list(Customer.objects.values_list("pk", flat=True))
    cause = ComplaintCause.objects.order_by("pk").first()
    now = timezone.now()
    kinds = ("inquiry", "after_sales", "complaint")
    made = []
    for n in range(count):
        age = count - n
        opened = now - datetime.timedelta(minutes=5 * age)
        is_open = age <= open_count
        due = now - datetime.timedelta(hours=1) if age <= breached else now + datetime.timedelta(1)
        kind = kinds[n % 3]
        made.append(
            ServiceCase(
                number=f"BS-{n:07d}",
                department_id=lead.department_id,
                created_by=agent,
                kind=kind,
                state=("registered" if kind == "complaint" else "open") if is_open else "closed",
                channel="phone",
                priority="normal",
                subject=f"咨询 {n}",
                customer_id=customers[n % len(customers)],
                team_id=lead.department_id,
                assignee=agent,
                opened_at=opened,
                response_due_at=due if is_open else None,
                resolution_due_at=due if is_open else None,
                closed_at=None if is_open else opened + datetime.timedelta(hours=8),
                resolved_at=None if is_open else opened + datetime.timedelta(hours=6),
                resolution="" if is_open else "已处理",
                cause=cause if kind == "complaint" and not is_open else None,
            )
        )
        if len(made) == BATCH:
            ServiceCase.objects.bulk_create(made)
            made = []
    ServiceCase.objects.bulk_create(made)


def best_ms(call: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def run(*, scale: float = 1.0) -> list[dict[str, Any]]:
    count, open_count = int(CASES * scale), max(int(OPEN * scale), BREACHED)
    start = time.perf_counter()
    cases(count, open_count, BREACHED)
    rows = [row(f"  (generating {count:,} service cases)", time.perf_counter() - start, "s")]
    web = Client()
    web.force_login(person("cs_lead").user)

    def first_page() -> None:
        response = web.get("/service/cases/")
        assert response.status_code == 200, response.status_code

    rows.append(row(f"case list, first page of {count:,} cases", best_ms(first_page), "ms"))
    start = time.perf_counter()
    found = escalation.breaches()
    seconds = time.perf_counter() - start
    assert len(found) == 2 * BREACHED, len(found)  # the response and the resolution of each
    rows.append(
        row(
            f"breach check over {open_count:,} open cases ({BREACHED} breached, escalated)",
            seconds,
            "s",
            3,
        )
    )
    start = time.perf_counter()
    again = escalation.breaches()
    rows.append(row("the same check run again (nothing new)", time.perf_counter() - start, "s", 3))
    assert again == []
    return rows
