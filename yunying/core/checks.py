"""Scheduled checks: plain functions that look for what needs attention (overdue approvals,
overdue deliveries, stock below safety level, ledger ≠ balances ...).

Apps register theirs in ``AppConfig.ready()``; ``yunying checks run`` runs them all (a task queue
runs the same command on a schedule in production). A check may notify people and open tasks;
it reports findings, and an ``error`` finding makes the command exit non-zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .errors import ValidationFailed

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

WARNING = "warning"
ERROR = "error"


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


@dataclass
class Outcome:
    check: Check
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


_CHECKS: dict[str, Check] = {}


def register(
    name: str, label: _StrPromise | str, run: Callable[[], list[Finding]], *, clause: str = ""
) -> None:
    _CHECKS[name] = Check(name, label, run, clause)


def all_checks() -> list[Check]:
    return [_CHECKS[name] for name in sorted(_CHECKS)]


def run_checks(names: list[str] | None = None) -> list[Outcome]:
    """Run every check, or those named; a name no check has is refused before any runs."""
    unknown = sorted(set(names or ()) - set(_CHECKS))
    if unknown:
        raise ValidationFailed(
            _("No check is named %(names)s; `yunying checks list` lists them.")
            % {"names": ", ".join(f"“{name}”" for name in unknown)},
            field="names",
        )
    selected = [c for c in all_checks() if not names or c.name in names]
    return [Outcome(check, check.run()) for check in selected]
