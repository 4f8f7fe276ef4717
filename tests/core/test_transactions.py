"""The service transaction (core.tx): a conflict with another transaction is tried again a few
times; when it keeps failing the caller gets Busy (503) and nothing was saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection

from yunying.core import tx
from yunying.core.errors import Busy
from yunying.core.models import AuditEvent, DocumentSequence
from yunying.core.services import audit


class _Deadlock(Exception):
    sqlstate = "40P01"


def _conflict() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = _Deadlock()
    return error


def _write_then_fail(calls: list[int], fail_times: int) -> Any:
    def service() -> str:
        calls.append(1)
        DocumentSequence.objects.create(prefix="TX", year=2000 + len(calls), last_number=1)
        audit.record(actor=None, action="test.tx", target_type="test", target_id=str(len(calls)))
        if len(calls) <= fail_times:
            raise _conflict()
        return "done"

    return service


@pytest.mark.django_db(transaction=True)
def test_a_conflict_is_tried_again_and_only_the_last_attempt_stays(org: None) -> None:
    calls: list[int] = []
    events = AuditEvent.objects.count()
    assert tx.run(_write_then_fail(calls, fail_times=2)) == "done"
    assert len(calls) == 3
    assert list(DocumentSequence.objects.filter(prefix="TX").values_list("year", flat=True)) == [
        2003
    ]
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.django_db(transaction=True)
def test_a_conflict_that_keeps_failing_is_busy_and_saves_nothing(org: None) -> None:
    calls: list[int] = []
    events = AuditEvent.objects.count()
    with pytest.raises(Busy) as error:
        tx.run(_write_then_fail(calls, fail_times=99))
    assert len(calls) == tx.ATTEMPTS
    assert error.value.http_status == 503 and error.value.code == "busy"
    assert not DocumentSequence.objects.filter(prefix="TX").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db(transaction=True)
def test_other_errors_are_not_tried_again(org: None) -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise OperationalError("no such table: nowhere")

    with pytest.raises(OperationalError):
        tx.run(broken)
    assert calls == [1]


@pytest.mark.django_db
def test_inside_a_callers_transaction_the_error_goes_to_the_caller() -> None:
    """Only the owner of the database transaction can start it again."""
    calls: list[int] = []
    assert connection.in_atomic_block
    with pytest.raises(OperationalError):
        tx.run(_write_then_fail(calls, fail_times=1))
    assert calls == [1]
