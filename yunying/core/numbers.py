"""Numbers as people read them in messages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def plain(value: Decimal | int | None) -> str:
    """``Decimal("300.000")`` → ``"300"``, ``Decimal("2.50")`` → ``"2.5"``."""
    if value is None:
        return ""
    number = Decimal(value)
    return format(number.normalize(), "f") if number else "0"


def grouped(value: Decimal | int | float | str | None, places: int | None = None) -> str:
    """``value`` grouped by thousands in the active language: ``1502188.59`` → ``1,502,188.59``.

    ``places`` fixes the decimals (rounded half up); without it the digits are kept as they are,
    trailing zeros dropped (a quantity ``300.000`` reads ``300``). Only for reading: inputs and
    exports keep plain numbers."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is None:
        number = Decimal(plain(number))
    else:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=places, force_grouping=True)


def money(
    value: Decimal | int | float | str | None, symbol: str = "¥", *, whole: bool = False
) -> str:
    """An amount with its currency symbol and two decimals: ``¥1,502,188.59`` (``-¥20.00``).
    ``whole`` drops the decimals of a whole amount (a limit: ``¥500,000``)."""
    if value is None or value == "":
        return "—"
    text = grouped(value, 2)
    if whole and text.endswith(".00"):
        text = text[:-3]
    if text.startswith("-"):
        return f"-{symbol}{text[1:]}"
    return f"{symbol}{text}"
