"""Numbers as people read them in messages."""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | int | None) -> str:
    """``Decimal("300.000")`` → ``"300"``, ``Decimal("2.50")`` → ``"2.5"``."""
    if value is None:
        return ""
    number = Decimal(value)
    return format(number.normalize(), "f") if number else "0"
