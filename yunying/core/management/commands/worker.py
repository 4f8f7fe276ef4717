"""``yunying worker``: the Celery worker that runs scheduled checks and slow jobs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from yunying.core.management.base import YunyingCommand


class Command(YunyingCommand):
    help = "Run the task queue's worker (needs YUNYING_BROKER_URL, e.g. redis://127.0.0.1:6379/0)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2, help="processes (default 2)")
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        from yunying.core import queue

        if not queue.broker_url():
            raise CommandError("Set YUNYING_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first.")
        queue.app.start(
            [
                "worker",
                f"--concurrency={options['concurrency']}",
                f"--loglevel={options['loglevel']}",
                "--queues=yunying",
            ]
        )
