"""``yunying serve``: gunicorn, and — with no task queue configured — the scheduled checks.

With ``YUNYING_BROKER_URL`` set, the queue's ``yunying worker`` and ``yunying scheduler`` run the
checks and this process becomes gunicorn. Without it (``make demo``, a laptop) this process
starts gunicorn as its child and runs the embedded scheduler (``core.queue.Embedded``) in a
thread beside it, so the checks run on schedule with no other service; it passes a stop or
reload signal on to gunicorn and ends when gunicorn ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
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
        from yunying.core import queue

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Serving http://{options['bind']}/ (Ctrl+C stops)")
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
        if queue.broker_url():
            self.stdout.flush()
            os.execvp(sys.executable, arguments)  # noqa: S606 - replaces this process with gunicorn
        self.stdout.write("No YUNYING_BROKER_URL: scheduled checks run in this process.")
        self.stdout.flush()
        sys.exit(self._serve_with_checks(arguments, queue))

    def _serve_with_checks(self, arguments: list[str], queue: Any) -> int:
        server = subprocess.Popen(arguments)  # noqa: S603 - our own interpreter and arguments
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda number, _frame: server.send_signal(number))
        scheduler = queue.start_embedded()
        try:
            return server.wait()
        except KeyboardInterrupt:  # Ctrl+C reached gunicorn too: let it finish its requests
            return server.wait()
        finally:
            scheduler.stop()
