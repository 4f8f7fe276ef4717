"""``yunying scheduler``: celery beat, which sends the dispatcher task every minute.

The schedule itself is not kept in beat (``core.queue``): the dispatcher reads the checks'
cadences and their recorded runs, so beat keeps no state file. Run exactly one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from yunying.core.management.base import YunyingCommand


class Command(YunyingCommand):
    help = "Run the task queue's scheduler (celery beat); run one, beside the workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        from yunying.core import queue

        if not queue.broker_url():
            raise CommandError("Set YUNYING_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first.")
        queue.app.start(
            ["beat", "--scheduler=celery.beat:Scheduler", f"--loglevel={options['loglevel']}"]
        )
