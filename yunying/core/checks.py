"""Scheduled checks: plain functions that look for what needs attention (overdue approvals,
overdue deliveries, stock below safety level, ledger ≠ balances ...).

Apps register theirs in ``AppConfig.ready()``; ``yunying checks run`` runs them all, and the task
queue (``core.queue``) runs each at its cadence. A check may notify people and open tasks; it
reports findings, and an ``error`` finding makes the command exit non-zero. Every run is recorded
(``core.services.check_runs``).

Cadence: each check is registered with a default (``every=``, hourly unless given). The
regulation in force may set another: policy registers a cadence source
(:func:`set_cadence_source`) that answers the rule ``schedule.<check name>`` — a value like
``{"every": 6, "unit": "hour"}`` — and :func:`cadence` prefers it. The source is asked each time
the dispatcher decides what is due, so a newly published regulation takes effect within a minute.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .errors import ValidationFailed

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

WARNING = "warning"
ERROR = "error"

EVERY_10_MINUTES = datetime.timedelta(minutes=10)
HOURLY = datetime.timedelta(hours=1)
DAILY = datetime.timedelta(days=1)
# A cadence never goes below the dispatcher's tick.
SHORTEST = datetime.timedelta(minutes=1)
_UNITS = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}

logger = logging.getLogger("yunying.checks")


@dataclass(frozen=True)
class Finding:
    message: str
    severity: str = WARNING
    clause: str = ""
    url: str = ""


@dataclass(frozen=True)
class Check:
    name: str
    label: _StrPromise | str
    run: Callable[[], list[Finding]]
    clause: str = ""
    every: datetime.timedelta = HOURLY
    # Run as one unit of work (core.tx); False for work that takes no row locks and must not hold
    # a transaction open for long (a backup reads through its own connection).
    atomic: bool = True


@dataclass
class Outcome:
    check: Check
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


_CHECKS: dict[str, Check] = {}
# Answers the rule value that sets a check's cadence (``None``: the regulation sets none).
CadenceSource = Callable[[str], Any]
_cadence_source: CadenceSource | None = None


def register(
    name: str,
    label: _StrPromise | str,
    run: Callable[[], list[Finding]],
    *,
    clause: str = "",
    every: datetime.timedelta | None = None,
    atomic: bool = True,
) -> None:
    every = every or HOURLY
    _CHECKS[name] = Check(name, label, run, clause, max(every, SHORTEST), atomic)


def all_checks() -> list[Check]:
    return [_CHECKS[name] for name in sorted(_CHECKS)]


def get(name: str) -> Check | None:
    return _CHECKS.get(name)


def select(names: list[str] | None = None) -> list[Check]:
    """Every check, or those named; a name no check has is refused."""
    unknown = sorted(set(names or ()) - set(_CHECKS))
    if unknown:
        raise ValidationFailed(
            _("No check is named %(names)s; `yunying checks list` lists them.")
            % {"names": ", ".join(f"“{name}”" for name in unknown)},
            field="names",
        )
    return [c for c in all_checks() if not names or c.name in names]


def run_checks(names: list[str] | None = None) -> list[Outcome]:
    """Run every check, or those named (unrecorded); a name no check has is refused before any
    runs."""
    return [Outcome(check, check.run()) for check in select(names)]


def set_cadence_source(source: CadenceSource | None) -> None:
    """Let the regulations set cadences: ``source(check_name)`` answers a rule value or None."""
    global _cadence_source
    _cadence_source = source


def parse_cadence(value: Any) -> datetime.timedelta | None:
    """``{"every": 6, "unit": "hour"}`` (units: minute, hour, day, week) as a duration."""
    if not isinstance(value, dict):
        return None
    every, unit = value.get("every"), value.get("unit")
    if not isinstance(every, int) or isinstance(every, bool) or every < 1 or unit not in _UNITS:
        return None
    return max(datetime.timedelta(seconds=every * _UNITS[unit]), SHORTEST)


def cadence(check: Check) -> datetime.timedelta:
    """How often ``check`` runs: the regulation's rule when one is in force, else its default."""
    if _cadence_source is None:
        return check.every
    try:
        value = _cadence_source(check.name)
    except Exception:  # a broken rule must not stop the schedule: the default holds
        logger.exception("Reading the cadence of %s failed; its default applies", check.name)
        return check.every
    if value is None:
        return check.every
    parsed = parse_cadence(value)
    if parsed is None:
        logger.warning("The rule schedule.%s is not a cadence: %r", check.name, value)
        return check.every
    return parsed
