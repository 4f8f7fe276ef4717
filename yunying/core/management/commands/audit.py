from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from yunying.core.management.base import YunyingCommand
from yunying.core.services import audit


class Command(YunyingCommand):
    help = "Audit trail tools: `verify` recomputes the hash chain and names the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if result.ok:
            self.stdout.write(
                _("Audit chain intact: %(count)s events verified.") % {"count": result.checked}
            )
            return
        reasons = {
            "content": _("its content does not match its hash"),
            "link": _("it does not link to the event before it"),
            "missing": _("it is missing"),
            "truncated": _("events after #%(seq)s were removed") % {"seq": result.checked},
        }
        self.stderr.write(
            _(
                "Audit chain broken at event #%(seq)s: %(reason)s "
                "(%(count)s events before it are intact)."
            )
            % {"seq": result.broken_seq, "reason": reasons[result.reason], "count": result.checked}
        )
        sys.exit(1)
