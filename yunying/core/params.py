"""Numbers and ids read from addresses and form fields people (or programs) type.

``str.isdigit`` is not the test for them: it accepts "²" (which ``int`` refuses) and "٣" (which
it reads as 3), and a number of twenty digits fails the query of an integer column (SQLite
cannot hold it, PostgreSQL's ``bigint`` ends at 2⁶³ − 1). A request with such a value gets a
400 or an empty answer, never a 500.
"""

from __future__ import annotations

ID_MAX = 2**63 - 1  # the largest value of a bigint primary key (BigAutoField)


def whole_number(value: object, *, maximum: int = ID_MAX) -> int | None:
    """``value`` as a whole number from 0 to ``maximum``, written in ASCII digits; else
    ``None``."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= maximum else None


def as_id(value: object) -> int | None:
    """``value`` as a record id (a whole number a bigint column holds), or ``None``."""
    return whole_number(value, maximum=ID_MAX)
