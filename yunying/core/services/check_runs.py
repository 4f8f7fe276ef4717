"""Running scheduled checks and recording each run (``core.models.CheckRun``).

What is due: a check is due when it never ran, or when its newest run was scheduled a cadence
ago or more (``core.checks.cadence``: the regulation's rule, else the default given at
registration). :func:`dispatch_due` writes a ``queued`` run for each due check and hands its id to
whoever runs it — the Celery worker in production, the serving process in embedded mode — so a
check waiting in the queue is not dispatched again.

Running one: :func:`perform` runs a queued run as its own unit of work (``core.tx``), so a check
that raises leaves nothing half-written and never stops the others. It is tried again after
``YUNYING_CHECK_RETRY_SECONDS`` (one delay per retry); when its last attempt raises too, the run
is recorded as ``error``, the error is logged and the administrators (holders of
``core.manage_org``) are notified.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import checks, tx
from ..messages import Message
from ..models import CheckRun, Employee
from . import inbox

logger = logging.getLogger("yunying.checks")
ADMINISTRATOR = "core.manage_org"
Outcome = CheckRun.Outcome


@dataclass(frozen=True)
class Retry:
    """Another attempt to run: the queued run's id and how many seconds to wait first."""

    run_id: int
    delay: float


def retry_delays() -> tuple[float, ...]:
    return tuple(float(s) for s in getattr(settings, "YUNYING_CHECK_RETRY_SECONDS", (60, 300)))


def due_checks(now: datetime.datetime | None = None) -> list[checks.Check]:
    """The checks whose newest run was scheduled at least a cadence before ``now``."""
    now = now or timezone.now()
    last = dict(
        CheckRun.objects.values_list("check_name")
        .annotate(last=Max("scheduled_at"))
        .values_list("check_name", "last")
    )
    due = []
    for check in checks.all_checks():
        previous = last.get(check.name)
        if previous is None or previous + checks.cadence(check) <= now:
            due.append(check)
    return due


def queue_run(name: str, *, scheduled_at: datetime.datetime, attempt: int = 1) -> CheckRun:
    return CheckRun.objects.create(check_name=name, scheduled_at=scheduled_at, attempt=attempt)


def dispatch_due(
    enqueue: Callable[[int], None], now: datetime.datetime | None = None
) -> list[CheckRun]:
    """Queue a run for every due check and hand each run's id to ``enqueue``."""
    now = now or timezone.now()
    runs = [queue_run(check.name, scheduled_at=now) for check in due_checks(now)]
    for run in runs:
        enqueue(run.pk)
    return runs


def perform(run_id: int, *, retry: bool = True) -> tuple[CheckRun, Retry | None]:
    """Run the queued run ``run_id``; answer the run and, when it raised with attempts left
    (and ``retry``), the next attempt (already queued)."""
    run = CheckRun.objects.get(pk=run_id)
    check = checks.get(run.check_name)
    run.started_at, run.outcome = timezone.now(), Outcome.RUNNING
    run.save(update_fields=["started_at", "outcome"])
    try:
        if check is None:
            raise LookupError(f"No check is registered as {run.check_name!r}")
        # One unit of work: all of it is saved, or none.
        findings = tx.run(check.run) if check.atomic else check.run()
    except Exception as error:
        return run, _failed(run, error, retry=retry)
    _finish(run, Outcome.FINDINGS if findings else Outcome.OK)
    run.findings_count = len(findings)
    run.findings = [
        {"severity": f.severity, "message": str(f.message), "clause": f.clause, "url": f.url}
        for f in findings
    ]
    run.save()
    return run, None


def run_now(check: checks.Check) -> tuple[CheckRun, list[checks.Finding]]:
    """Run ``check`` at once, recorded, with no retry (``yunying checks run``)."""
    run, _retry = perform(queue_run(check.name, scheduled_at=timezone.now()).pk, retry=False)
    findings = [
        checks.Finding(f["message"], f["severity"], f["clause"], f["url"]) for f in run.findings
    ]
    return run, findings


def _finish(run: CheckRun, outcome: str) -> None:
    run.finished_at = timezone.now()
    run.duration = run.finished_at - (run.started_at or run.finished_at)
    run.outcome = outcome


def _failed(run: CheckRun, error: Exception, *, retry: bool) -> Retry | None:
    delays = retry_delays()
    last = not retry or run.attempt > len(delays)
    _finish(run, Outcome.ERROR if last else Outcome.RETRYING)
    run.error = "".join(traceback.format_exception(error))[-10_000:]
    run.save()
    if not last:
        logger.warning("Check %s raised (attempt %s); trying again", run.check_name, run.attempt)
        again = queue_run(run.check_name, scheduled_at=run.scheduled_at, attempt=run.attempt + 1)
        return Retry(again.pk, delays[run.attempt - 1])
    logger.error("Check %s failed after %s attempts: %s", run.check_name, run.attempt, error)
    if retry:  # a scheduled run: nobody watches it but the administrators
        alert(run, error)
    return None


def administrators() -> list[Employee]:
    return list(
        Employee.objects.filter(active=True, positions__permissions__code=ADMINISTRATOR).distinct()
    )


def alert(run: CheckRun, error: Exception) -> None:
    """Tell the administrators that a check failed on its last attempt."""
    check = checks.get(run.check_name)
    label = check.label if check else run.check_name
    inbox.notify(
        administrators(),
        title=Message(gettext_lazy("The check “%(check)s” failed"), check=label),
        body=Message(
            gettext_lazy("It raised on %(attempts)s attempts; the last error: %(error)s"),
            attempts=run.attempt,
            error=str(error),
        ),
        url="/system/check-runs/?outcome=error",
        source=run,
    )
