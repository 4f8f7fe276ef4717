from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from yunying.core.management.base import YunyingCommand


class Command(YunyingCommand):
    help = "Serve Yunying with gunicorn (the WSGI server of production) on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("YUNYING_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("YUNYING_WORKERS", "2"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Serving http://{options['bind']}/ (Ctrl+C stops)")
        self.stdout.flush()
        arguments = [
            sys.executable,
            "-m",
            "gunicorn",
            "yunying.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ]
        os.execvp(sys.executable, arguments)  # noqa: S606 - replaces this process with gunicorn
