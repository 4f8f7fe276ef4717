"""Reading an uploaded workbook: the header row matched to the sheet's columns (in any
language of the site), and every non-empty row below it as {column key: cell value}."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from yunying.core import excel

from .results import RowError
from .sheets import Sheet

MAX_ROWS = 20000


def variants(text: Promise | str) -> set[str]:
    """How ``text`` reads in every language of the site, normalised for matching."""
    names = {norm(str(text))}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(norm(str(text)))
    return names


def norm(value: str) -> str:
    return " ".join(str(value).replace("*", "").replace("＊", "").split()).casefold()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Raw:
    number: int
    values: dict[str, Any]


def read_rows(file: IO[bytes] | str, sheet: Sheet, errors: list[RowError]) -> list[Raw]:
    """The rows of the first worksheet as {column key: cell value}; problems with the header go
    to ``errors`` (row 1). A file beyond the limits (``core.excel.read_sheet``: its size, what
    it unpacks to, ``MAX_ROWS`` rows, empty ones included, the time to read it) or a damaged one
    is refused with a ``ValidationFailed`` on ``file``."""
    rows = excel.read_sheet(file, max_rows=MAX_ROWS)
    try:
        _number, header = next(rows, (1, ()))
        if all(blank(v) for v in header):
            errors.append(RowError(1, "", _("The header row is missing.")))
            return []
        positions = _positions(header, sheet, errors)
        if errors:
            return []
        result: list[Raw] = []
        for number, values in rows:
            if all(blank(v) for v in values):
                continue
            result.append(
                Raw(
                    number,
                    {
                        key: values[index] if index < len(values) else None
                        for key, index in positions.items()
                    },
                )
            )
        if not result:
            errors.append(RowError(None, "", _("The file has no rows below the header.")))
        return result
    finally:
        rows.close()


def _positions(header: Sequence[Any], sheet: Sheet, errors: list[RowError]) -> dict[str, int]:
    names = {c.key: variants(c.label) | {norm(c.key)} for c in sheet.columns}
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        if blank(value):
            continue
        text = norm(str(value))
        for key, known in names.items():
            if text in known:
                if key in positions:
                    errors.append(RowError(1, str(value), _("This column appears more than once.")))
                positions[key] = index
                break
    for column in sheet.columns:
        if column.required and column.key not in positions:
            errors.append(RowError(1, str(column.label), _("The column is missing.")))
    return positions
