"""The task queue: scheduled checks and slow jobs on Celery, with Redis as the broker.

Why Celery and Redis: checks and backups must not run in a web request, must survive a server
restart and must be retried when they fail. Celery is the established queue for Django, runs
plain functions as tasks, retries them with a delay (``apply_async(countdown=…)``) and comes with
a periodic scheduler (``celery beat``); Redis is a small broker a company already runs or
installs in one command, and needs no schema. Results are not kept: each run is recorded in the
database instead (``core.models.CheckRun``), where the administrator's page lists them.

How the schedule works: beat has a single entry, :func:`dispatch_due_checks` every minute. It
asks ``core.services.check_runs`` which checks are due — newest run + cadence ≤ now, the cadence
read afresh each time from the regulation in force or the check's default — queues a recorded
run for each and sends one :func:`run_check` task per run. So the schedule is built from the
check registry and the recorded runs, nothing about it is kept in beat, and a newly published
regulation that changes a cadence takes effect within a minute, with no restart. Run one
``yunying scheduler``; any number of ``yunying worker``.

Embedded mode (``yunying serve`` with no broker configured, as in ``make demo``): an
:class:`Embedded` thread in the serving process does the dispatcher's work every minute and runs
the due checks itself, one after another, so the demo needs no Redis.

Notifications sent by e-mail and to group robots (``core.services.delivery``): with a broker the
new deliveries are sent as a :func:`send_deliveries` task once the notifications are committed;
the ``core.deliveries`` check, every minute, sends those due for another attempt (and, in
embedded mode, the new ones).

Exports too long to write during a request (``core.services.export_jobs``) are jobs as well: with
a broker each is sent as a :func:`run_export` task when it is asked for; in embedded mode it waits
in the database, ``queued``, and the :class:`Embedded` thread runs the queued jobs at each tick.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time

from celery import Celery
from django.conf import settings
from django.db import close_old_connections

from .models import CheckRun
from .services import check_runs, delivery, export_jobs

logger = logging.getLogger("yunying.checks")
TICK_SECONDS = 60.0


def broker_url() -> str:
    return str(getattr(settings, "YUNYING_BROKER_URL", "") or "")


app = Celery("yunying")
app.conf.update(
    # With no broker configured, a task called anyway runs in the calling process.
    broker_url=broker_url() or "memory://",
    task_always_eager=not broker_url(),
    task_ignore_result=True,
    result_backend=None,
    timezone=settings.TIME_ZONE,
    enable_utc=True,
    task_default_queue="yunying",
    # A worker that dies during a check leaves its task in the queue for another worker.
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    beat_schedule={
        "dispatch-due-checks": {"task": "yunying.dispatch_due_checks", "schedule": TICK_SECONDS}
    },
)


@app.task(name="yunying.run_check")
def run_check(run_id: int) -> str:
    """Run one queued check run; queue its next attempt, delayed, when it raised."""
    run, again = check_runs.perform(run_id)
    if again is not None:
        run_check.apply_async((again.run_id,), countdown=again.delay)
    return str(run.outcome)


@app.task(name="yunying.dispatch_due_checks")
def dispatch_due_checks() -> int:
    """Queue a run of every check that is due (beat sends this every minute)."""
    return len(check_runs.dispatch_due(lambda run_id: run_check.delay(run_id)))


@app.task(name="yunying.run_export")
def run_export(job_id: int) -> str:
    """Write the file of one queued export job (``core.services.export_jobs``)."""
    job = export_jobs.perform(job_id)
    return str(job.state) if job is not None else "taken"


@app.task(name="yunying.send_deliveries")
def send_deliveries(delivery_ids: list[int]) -> int:
    """Try new deliveries of notifications at once (``core.services.delivery``); those that
    fail are tried again by the ``core.deliveries`` check."""
    return len(delivery.send_many(delivery_ids))


class Embedded(threading.Thread):
    """The scheduler and a worker in one thread of the serving process, for a setup with no
    broker: every ``interval`` seconds it dispatches the due checks and runs them here, then
    the queued export jobs."""

    def __init__(self, interval: float = TICK_SECONDS) -> None:
        super().__init__(name="yunying-embedded-scheduler", daemon=True)
        self.interval = interval
        self._stopped = threading.Event()
        # (monotonic time it may run, run id) of retries waiting for their delay.
        self._retries: list[tuple[float, int]] = []

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                self.tick()
            except Exception:  # the thread keeps the schedule: log, go on at the next tick
                logger.exception("The embedded scheduler's tick failed")
            finally:
                close_old_connections()
            self._stopped.wait(self.interval)

    def stop(self) -> None:
        self._stopped.set()

    def tick(self) -> list[CheckRun]:
        """Run the retries whose delay has passed, then every due check, then the queued export
        jobs; answer the check runs."""
        now = time.monotonic()
        pending: list[int] = []
        while self._retries and self._retries[0][0] <= now:
            pending.append(heapq.heappop(self._retries)[1])
        check_runs.dispatch_due(pending.append)
        done = []
        for run_id in pending:  # grows while it runs: a retry with no delay runs at once
            run, again = check_runs.perform(run_id)
            done.append(run)
            if again is not None and again.delay <= 0:
                pending.append(again.run_id)
            elif again is not None:
                heapq.heappush(self._retries, (time.monotonic() + again.delay, again.run_id))
        export_jobs.run_queued()
        return done


def start_embedded(interval: float = TICK_SECONDS) -> Embedded:
    thread = Embedded(interval)
    thread.start()
    return thread
