"""Customer service at scale (SVC-1, SVC-2): the case list's first page over 100,000 cases, and
the breach check over 10,000 open cases of which 100 are past their due moments."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.test import Client
from django.utils import timezone

from bench.procurement import person
from bench.reads import analyze
from bench.timing import row
from yunying.masterdata.models import Customer
from yunying.service.models import ComplaintCause, ServiceCase, Survey
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


def answered_surveys() -> int:
    """A survey for every closed case, sent when it was resolved; three in four answered a day
    later with a score from 1 to 5. Answers how many were written."""
    closed = ServiceCase.objects.filter(state="closed").order_by("pk")
    written, made = 0, []
    for case_id, customer_id, team_id, person_id, region_id, resolved in closed.values_list(
        "pk", "customer_id", "team_id", "assignee_id", "customer__region_id", "resolved_at"
    ).iterator(chunk_size=BATCH):
        assert resolved is not None  # every closed case of the benchmark was resolved
        answered = case_id % 4 != 0
        made.append(
            Survey(
                customer_id=customer_id,
                case_id=case_id,
                reason="after_case",
                team_id=team_id,
                person_id=person_id,
                region_id=region_id,
                sent_at=resolved,
                expires_at=resolved + datetime.timedelta(days=14),
                answered_at=resolved + datetime.timedelta(days=1) if answered else None,
                score=1 + case_id % 5 if answered else None,
                nonce=f"bench{case_id}",
            )
        )
        if len(made) == BATCH:
            Survey.objects.bulk_create(made)
            written, made = written + len(made), []
    Survey.objects.bulk_create(made)
    return written + len(made)


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
    analyze()  # the statistics autovacuum would gather after such a load
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
    rows += satisfaction(web)
    return rows


def satisfaction(web: Client) -> list[dict[str, Any]]:
    start = time.perf_counter()
    count = answered_surveys()
    analyze()
    rows = [row(f"  (generating {count:,} surveys)", time.perf_counter() - start, "s")]
    span = f"from={(timezone.localdate() - datetime.timedelta(days=365)).isoformat()}"
    for group in ("team", "person", "region"):

        def report(group: str = group) -> None:
            response = web.get(f"/service/satisfaction/?group={group}&{span}")
            assert response.status_code == 200, response.status_code

        rows.append(
            row(f"satisfaction report by {group}, {count:,} surveys", best_ms(report), "ms")
        )
    return rows
