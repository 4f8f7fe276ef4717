"""``yunying restore FILE``: restore a backup into an empty database and attachments folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import connections

from yunying.core.management.base import YunyingCommand
from yunying.core.services import backup


class Command(YunyingCommand):
    help = (
        "Restore a backup made by `yunying backup` into the database of DATABASE_URL, which must "
        "be empty (create it; do not migrate it first), and the attachments folder."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections["default"]
        connection.close()  # restore writes through its own connection
        manifest = backup.restore(options["file"], database=connection.settings_dict)
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({manifest['vendor']}, {manifest['files']} files)."
        )
