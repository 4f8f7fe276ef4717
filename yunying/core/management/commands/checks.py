from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from yunying.core import checks
from yunying.core.management.base import YunyingCommand
from yunying.core.models import CheckRun
from yunying.core.services import check_runs


class Command(YunyingCommand):
    """Each run is recorded like a scheduled one; a check that raises is reported (exit 1) and
    the others still run."""

    help = "Scheduled checks: `run` runs them all (or those named), `list` lists them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run", "list"])
        parser.add_argument("names", nargs="*", help="only these checks")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for check in checks.all_checks():
                self.stdout.write(f"{check.name:40} {check.clause:8} {check.label}")
            return
        failed = False
        for check in checks.select(options["names"] or None):
            run, findings = check_runs.run_now(check)
            if run.outcome == CheckRun.Outcome.ERROR:
                self.stdout.write(f"[{check.clause or '-'}] {check.label}: {_('error')}")
                self.stderr.write(run.error)
                failed = True
                continue
            status = (
                _("ok") if not findings else _("%(count)s finding(s)") % {"count": len(findings)}
            )
            self.stdout.write(f"[{check.clause or '-'}] {check.label}: {status}")
            for finding in findings:
                self.stdout.write(f"  - {finding.severity}: {finding.message}")
            failed = failed or checks.Outcome(check, findings).failed
        if failed:
            sys.exit(1)
