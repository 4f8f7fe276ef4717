from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from yunying.core.management.base import YunyingCommand
from yunying.inventory.selectors import ledger_mismatches
from yunying.inventory.services.maintenance import rebuild_balances


class Command(YunyingCommand):
    help = (
        "Stock ledger tools: `verify` compares every balance with its ledger; "
        "`rebuild-balances` recomputes the balances from the ledger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "rebuild-balances"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild-balances":
            fixed = rebuild_balances()
            self.stdout.write(f"{fixed} balance(s) corrected; balances now equal the ledger.")
            return
        mismatches = ledger_mismatches()
        for m in mismatches[:50]:
            self.stdout.write(
                f"item {m.item_id} location {m.location_id}: {m.field} ledger {m.ledger} "
                f"balance {m.balance}"
            )
        if mismatches:
            raise SystemExit(1)
        self.stdout.write("Ledger and balances agree.")
