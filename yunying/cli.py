"""The ``yunying`` command: Django's management commands under one name.

``yunying demo``, ``yunying serve``, ``yunying audit verify``, ``yunying checks run`` ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunying.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    execute_from_command_line(["yunying", *args[1:]])


if __name__ == "__main__":
    main()
