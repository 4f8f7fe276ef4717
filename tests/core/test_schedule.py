"""Scheduled checks: cadences, the dispatcher, recorded runs, retries and alerts, the real queue."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from yunying.core import checks, queue
from yunying.core.models import CheckRun, Notification
from yunying.core.services import check_runs
from yunying.policy.models import RegulationVersion, Rule

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, flushed by the test


def fine() -> list[checks.Finding]:
    return []


def finds() -> list[checks.Finding]:
    return [checks.Finding("two orders wait", checks.WARNING, clause="SAL-1")]


def breaks() -> list[checks.Finding]:
    raise RuntimeError("the check broke")


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, checks.Check]:
    """The registry holds only the checks a test registers."""
    registered: dict[str, checks.Check] = {}
    monkeypatch.setattr(checks, "_CHECKS", registered)
    return registered


def runs(name: str) -> list[CheckRun]:
    return list(CheckRun.objects.filter(check_name=name).order_by("attempt", "id"))


def test_embedded_mode_runs_due_checks_and_records_them(db: Any, registry: Any) -> None:
    checks.register("test.fine", "Fine", fine)
    checks.register("test.finds", "Finds", finds, every=checks.DAILY)
    embedded = queue.Embedded()

    done = embedded.tick()

    assert sorted((run.check_name, run.outcome) for run in done) == [
        ("test.finds", "findings"),
        ("test.fine", "ok"),
    ]
    [found] = runs("test.finds")
    assert found.findings_count == 1
    assert found.findings[0]["message"] == "two orders wait"
    assert found.started_at and found.finished_at and found.duration is not None
    assert embedded.tick() == []  # nothing is due again before its cadence has passed


def test_a_raising_check_is_retried_then_alerts_and_stops_no_other(
    db: Any, registry: Any, settings: Any, people: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.YUNYING_CHECK_RETRY_SECONDS = (0, 0)
    checks.register("test.breaks", "Breaks", breaks)
    checks.register("test.fine", "Fine", fine)

    queue.Embedded().tick()

    assert [(r.attempt, r.outcome) for r in runs("test.breaks")] == [
        (1, "retrying"),
        (2, "retrying"),
        (3, "error"),
    ]
    assert "the check broke" in runs("test.breaks")[-1].error
    assert [r.outcome for r in runs("test.fine")] == ["ok"]
    administrator = people("admin")
    assert Notification.objects.filter(recipient=administrator, title__contains="Breaks").exists()
    assert "test.breaks failed after 3 attempts" in caplog.text


def test_a_regulation_cadence_changes_when_a_check_is_due(db: Any, registry: Any) -> None:
    checks.register("test.daily", "Daily", fine, every=checks.DAILY)
    start = timezone.now()
    [run] = check_runs.dispatch_due(lambda run_id: None, now=start)
    check_runs.perform(run.pk)
    later = start + datetime.timedelta(hours=2)
    assert check_runs.due_checks(later) == []

    version = RegulationVersion.objects.filter(state=RegulationVersion.State.PUBLISHED).first()
    clause = version.clauses.first() if version else None
    assert version is not None and clause is not None
    Rule.objects.create(
        version=version,
        clause=clause,
        key="schedule.test.daily",
        value={"every": 1, "unit": "hour"},
    )

    assert [check.name for check in check_runs.due_checks(later)] == ["test.daily"]


def test_checks_command_records_its_runs_and_exits_1_when_one_raises(
    db: Any, registry: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    checks.register("test.breaks", "Breaks", breaks)
    checks.register("test.finds", "Finds", finds)

    with pytest.raises(SystemExit) as exit_:
        call_command("checks", "run")

    assert exit_.value.code == 1
    assert [r.outcome for r in runs("test.breaks")] == ["error"]  # no retry when run by hand
    assert [r.outcome for r in runs("test.finds")] == ["findings"]
    assert "two orders wait" in capsys.readouterr().out


@pytest.fixture
def redis_queue() -> Iterator[None]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({error}); CI runs this test")
    before = {key: queue.app.conf[key] for key in ("broker_url", "task_always_eager")}
    queue.app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _new_connections()  # connect to the test's broker, not to one an earlier test used
    try:
        yield
    finally:
        queue.app.conf.update(before)
        _new_connections()
        client.flushdb()


def _new_connections() -> None:
    """Forget the queue's connection and producer pools, so that the next task is sent to the
    broker configured now."""
    queue.app.__dict__.pop("pool", None)
    queue.app.amqp._producer_pool = None


# A worker thread writes its runs while the test reads them: real concurrent connections, which
# SQLite's in-memory test database answers with "table is locked". `make test` runs it on the
# local PostgreSQL, CI always.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_schedule_runs_on_redis_with_a_worker(registry: Any, redis_queue: None) -> None:
    from celery.contrib.testing.worker import start_worker

    checks.register("test.fine", "Fine", fine)
    checks.register("test.finds", "Finds", finds)

    with start_worker(queue.app, perform_ping_check=False, shutdown_timeout=30):
        queue.dispatch_due_checks.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            finished = CheckRun.objects.filter(outcome__in=["ok", "findings"]).count()
            if finished == 2:
                break
            time.sleep(0.2)

    assert sorted(CheckRun.objects.values_list("check_name", "outcome")) == [
        ("test.finds", "findings"),
        ("test.fine", "ok"),
    ]
