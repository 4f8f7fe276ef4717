"""The base of Yunying's commands: domain errors become a one-line message and exit code 1."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yunying.core.errors import DomainError


class YunyingCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except DomainError as error:
            clause = f" [{error.clause}]" if error.clause else ""
            raise CommandError(f"{error}{clause}") from error
