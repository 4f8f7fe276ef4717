"""The service transaction: one unit of work per service call.

Every service that writes runs inside :func:`atomic`, usually through the :func:`transactional`
decorator:

- The outermost unit opens the transaction (a savepoint when the caller already holds one, as a
  test does). Audit events recorded during the unit are kept in memory and appended to the hash
  chain as the unit's last statement (``core.services.audit.flush``), so the chain head — the one
  company-wide lock — is held only from that append to COMMIT, never while other rows are locked.
- A nested unit joins the outer one without a savepoint.
- When the unit is the connection's outermost transaction, :func:`transactional` retries it after
  a deadlock, a serialization failure or a lock timeout, a bounded number of times with jittered
  back-off, and then gives up with :class:`core.errors.Busy` (HTTP 503, nothing saved).

Lock order (every service follows it, see ``docs/architecture.md``): the document acted on, then
its lines, then the documents it leads to; customers and suppliers; stock locations (shared);
items by primary key; stock balances and reservations of those items; document number
sequences; the audit chain head last, at the end of the unit.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import DatabaseError, OperationalError, connection, transaction

from .errors import Busy

P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 5
LOCK_TIMEOUT_ATTEMPTS = 2
logger = logging.getLogger(__name__)
_UNIT = "_yunying_unit"

# SQLSTATEs worth another attempt: deadlock detected, serialization failure, lock not available
# (lock_timeout). SQLite reports a writer that waited its whole timeout as "database is locked".
TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}


@dataclass
class Unit:
    """What the outermost service transaction collects until its end."""

    events: list[Any] = field(default_factory=list)
    before_commit: list[Callable[[], None]] = field(default_factory=list)


def current() -> Unit | None:
    """The unit of work open on this thread's connection, if any."""
    return getattr(connection, _UNIT, None)


@contextmanager
def atomic(*, savepoint: bool = False) -> Iterator[Unit]:
    """Run the block as (part of) the service transaction; see the module docstring.

    ``savepoint=True`` in a nested block gives it its own savepoint: when the block fails (or
    asks for a rollback) its changes and the audit events it recorded are undone and the outer
    unit goes on, as an import does row by row.
    """
    unit = current()
    if unit is None:
        unit = Unit()
        setattr(connection, _UNIT, unit)
        try:
            with transaction.atomic():
                yield unit
                if not connection.needs_rollback:  # a block that asked for a rollback keeps none
                    _finish(unit)
        finally:
            delattr(connection, _UNIT)
    elif not savepoint:
        with transaction.atomic(savepoint=False):
            yield unit
    else:
        recorded = len(unit.events)
        try:
            with transaction.atomic():
                yield unit
                undone = connection.needs_rollback
        except BaseException:
            del unit.events[recorded:]
            raise
        if undone:
            del unit.events[recorded:]


def _finish(unit: Unit) -> None:
    from .services import audit

    for step in unit.before_commit:
        step()
    audit.flush(unit.events)


def transactional(function: Callable[P, R]) -> Callable[P, R]:
    """Run a service in the service transaction, retrying transient conflicts when it is the
    outermost transaction (see the module docstring)."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return run(lambda: function(*args, **kwargs))

    return wrapper


def run(call: Callable[[], R]) -> R:
    """``call()`` inside :func:`atomic`; retried when it owns the database transaction."""
    if connection.in_atomic_block:
        with atomic():
            return call()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with atomic():
                return call()
        except DatabaseError as error:
            if not is_transient(error):
                raise
            if attempt >= _attempts_for(error):
                logger.warning("gave up after %s attempts: %s", attempt, error)
                raise Busy() from error
            _back_off(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _attempts_for(error: BaseException) -> int:
    """A deadlock or serialization failure costs little and is tried again a few times; a wait
    that ran into lock_timeout once more only; SQLite has waited its whole timeout already."""
    if getattr(error.__cause__, "sqlstate", None) == "55P03":
        return LOCK_TIMEOUT_ATTEMPTS
    if getattr(error.__cause__, "sqlstate", None) is None:
        return 1
    return ATTEMPTS


def is_transient(error: BaseException) -> bool:
    """A conflict with another transaction that a new attempt can get past."""
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def _back_off(attempt: int) -> None:
    # 5, 10, 20, 40 ms on average, each spread over ±50 % so the losers do not collide again.
    base = 0.005 * 2 ** (attempt - 1)
    time.sleep(base * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, not cryptography
