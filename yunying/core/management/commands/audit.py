from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.core.management.base import YunyingCommand
from yunying.core.services import audit_chain


class Command(YunyingCommand):
    help = (
        "Audit trail tools: `verify` recomputes the hash chain, compares it with the signed seals "
        "and names the first broken event; `seal` signs the newest event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal":
            checkpoint, failure = audit_chain.seal()
            if failure is not None:
                self.stderr.write(audit_chain.describe(failure))
                sys.exit(1)
            if checkpoint is None:
                self.stdout.write(_("Nothing new to seal."))
            else:
                self.stdout.write(_("Sealed up to event #%(seq)s.") % {"seq": checkpoint.seq})
            return
        result = audit_chain.verify()
        if not result.ok:
            self.stderr.write(audit_chain.describe(result))
            self.stderr.write(
                _("%(count)s events before it are intact.") % {"count": result.checked}
            )
            sys.exit(1)
        self.stdout.write(
            _("Audit chain intact: %(count)s events verified.") % {"count": result.checked}
        )
        if result.sealed_at is None:
            self.stdout.write(
                _("No seal yet: run `yunying audit seal` (the scheduled check does).")
            )
        else:
            self.stdout.write(
                _("Sealed up to event #%(seq)s at %(time)s; %(unsealed)s events since.")
                % {
                    "seq": result.sealed_seq,
                    "time": timezone.localtime(result.sealed_at).strftime("%Y-%m-%d %H:%M"),
                    "unsealed": result.unsealed,
                }
            )
