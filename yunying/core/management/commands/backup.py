"""``yunying backup [--to DIR]``: one archive of the database and the attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from yunying.core.management.base import YunyingCommand
from yunying.core.services import backup


class Command(YunyingCommand):
    help = "Back up the database and the attachments into one .tar.gz (YUNYING_BACKUP_DIR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, default=None, help="folder of the archive")

    def handle(self, *args: Any, **options: Any) -> None:
        path = backup.backup(to=options["to"] or Path(settings.YUNYING_BACKUP_DIR))
        self.stdout.write(str(path))
