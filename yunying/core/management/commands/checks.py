from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from yunying.core import checks
from yunying.core.management.base import YunyingCommand


class Command(YunyingCommand):
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
        for outcome in checks.run_checks(options["names"] or None):
            check = outcome.check
            status = (
                _("ok")
                if not outcome.findings
                else _("%(count)s finding(s)") % {"count": len(outcome.findings)}
            )
            self.stdout.write(f"[{check.clause or '-'}] {check.label}: {status}")
            for finding in outcome.findings:
                self.stdout.write(f"  - {finding.severity}: {finding.message}")
            failed = failed or outcome.failed
        if failed:
            sys.exit(1)
