"""Excel files in and out: the lists people keep in spreadsheets today.

Workbooks are read with openpyxl and written with XlsxWriter in its constant-memory mode: rows
go to a temporary file as they are read, so a list of any length takes the same memory, and
the file is sent from disk. XlsxWriter writes about twice as fast as openpyxl's write-only
mode (100,000 rows of 17 columns in under 20 s on a small server). One sheet: a bold header
row that stays in view, column widths from the first rows, text, numbers, dates and times (in
the company's time zone). Text is always written as text: a name such as ``=HYPERLINK(…)``
is never a live formula (``strings_to_formulas`` off), nor a link or a number.

An uploaded workbook is read by :func:`read_sheet`, within limits a worker can afford: the
file is at most ``settings.YUNYING_UPLOAD_MAX_BYTES`` (10 MB); before anything is parsed the
sizes its parts unpack to are checked (a worksheet at most 32 MB, the shared strings, which
openpyxl holds in memory whole, 16 MB, any other part 4 MB, all together 100 MB: a few hundred
kilobytes can otherwise unpack to gigabytes); every row of the sheet counts toward the row
limit, empty ones too, and rows are cut to ``max_columns``; reading stops after
``READ_SECONDS``. Each refusal is a ``ValidationFailed`` on the field ``file`` naming the
limit.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import tempfile
import time
import zipfile
import zlib
from collections.abc import Collection, Generator, Iterable, Sequence
from decimal import Decimal
from itertools import islice
from typing import IO, Any
from urllib.parse import quote
from xml.etree.ElementTree import ParseError

import xlsxwriter
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ValidationFailed

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTH_ROWS = 200  # rows the column widths are taken from
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# Control characters a cell cannot hold (tab, line feed and carriage return can).
_CONTROL = dict.fromkeys([*range(9), 11, 12, *range(14, 32)])


def _cell(value: Any) -> Any:
    """A value as the sheet holds it: text, a number, a date or time (local, naive), or
    nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return value.translate(_CONTROL)
    if isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def write_workbook(
    title: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    text_columns: Collection[int] = (),
) -> IO[bytes]:
    """The .xlsx file of one sheet named ``title`` with ``headers`` and ``rows``, written in
    constant memory to a temporary file (deleted when it is closed), positioned at its start.
    The columns numbered in ``text_columns`` (from 0: codes, phone numbers) are formatted as
    text, so that what is typed into them later stays as written ("007")."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    workbook = xlsxwriter.Workbook(
        file,
        {
            "constant_memory": True,
            "default_date_format": "yyyy-mm-dd",
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_SHEET_NAME.sub("", str(title))[:31] or "Sheet1")
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    header = [str(h) for h in headers]
    rows = iter(rows)
    first = [[_cell(v) for v in row] for row in islice(rows, WIDTH_ROWS)]
    text = workbook.add_format({"num_format": "@"})
    formats = {index: text for index in text_columns}
    _columns(sheet, header, first, formats)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
    for number, values in enumerate(first, start=1):
        _write(sheet, number, values, moment, formats)
    for number, row in enumerate(rows, start=len(first) + 1):
        _write(sheet, number, [_cell(v) for v in row], moment, formats)
    workbook.close()
    file.seek(0)
    return file


def _columns(
    sheet: Any, header: list[str], first: list[list[Any]], formats: dict[int, Any]
) -> None:
    """Column widths from the header and the first rows, and the columns' own formats."""
    widths = [len(h) * 2 + 2 for h in header]
    for values in first:
        for index, value in enumerate(values[: len(widths)]):
            widths[index] = min(60, max(widths[index], len(str(value)) + 2))
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width, formats.get(index))


def _write(
    sheet: Any, number: int, values: list[Any], moment: Any, formats: dict[int, Any]
) -> None:
    sheet.write_row(number, 0, values)
    for index, value in enumerate(values):
        if isinstance(value, datetime.datetime):  # a date and time, not just the date
            sheet.write_datetime(number, index, value, moment)
        elif index in formats and value != "":  # text as text: "007" stays "007"
            sheet.write_string(number, index, str(value), formats[index])


def build_workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    text_columns: Collection[int] = (),
) -> bytes:
    """The whole .xlsx file at once, for short lists."""
    with write_workbook(title, headers, rows, text_columns=text_columns) as file:
        return file.read()


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_file_response(filename: str, file: IO[bytes]) -> FileResponse:
    """A workbook sent from its temporary file (:func:`write_workbook`), which is closed and
    deleted once sent."""
    response = FileResponse(file, content_type=XLSX)
    response["Content-Disposition"] = _disposition(filename)
    return response


# ----------------------------------------------------------------------------- reading uploads

MB = 1024 * 1024
SHEET_PART_MAX = 32 * MB  # a worksheet, read as a stream: one cell can be as long as its part
SHARED_STRINGS_MAX = 16 * MB  # xl/sharedStrings.xml, which openpyxl keeps in memory whole
OTHER_PART_MAX = 4 * MB  # styles, workbook, relationships…: each parsed whole
UNPACKED_MAX = 100 * MB  # all parts together
PARTS_MAX = 1000
READ_SECONDS = 30
MAX_COLUMNS = 100
# What openpyxl raises on a damaged workbook: broken XML, a damaged archive, a part missing.
_DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OSError,
)


def upload_max_bytes() -> int:
    return int(getattr(settings, "YUNYING_UPLOAD_MAX_BYTES", 10 * MB))


def size_text(size: int) -> str:
    """``10485760`` → ``"10 MB"``."""
    return f"{size / MB:g} MB" if size >= MB else f"{size / 1024:g} KB"


def too_large_message(size: int | None = None) -> str:
    return _("The file is larger than %(size)s; import it in parts.") % {
        "size": size_text(size if size is not None else upload_max_bytes())
    }


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="file_refused", field="file")


def _not_a_workbook() -> ValidationFailed:
    return ValidationFailed(_("The file is not an Excel workbook (.xlsx)."), field="file")


def _file_size(file: IO[bytes] | str) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    end = file.seek(0, os.SEEK_END)
    file.seek(position)
    return end


def _part_limit(name: str) -> int:
    if name == "xl/sharedStrings.xml":
        return SHARED_STRINGS_MAX
    if name.startswith("xl/worksheets/") and "/_rels/" not in name:
        return SHEET_PART_MAX
    return OTHER_PART_MAX


def check_workbook(file: IO[bytes] | str) -> None:
    """Refuse a file too large to upload, or whose parts unpack beyond the limits, before any
    of it is parsed (the sizes come from the archive's directory; a part that unpacks to more
    than its directory says fails its check when it is read)."""
    if _file_size(file) > upload_max_bytes():
        raise _refuse(too_large_message())
    if not isinstance(file, str | os.PathLike):
        file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise _not_a_workbook() from None
    finally:
        if not isinstance(file, str | os.PathLike):
            file.seek(0)
    if len(parts) > PARTS_MAX:
        raise _refuse(
            _("The workbook has more than %(n)s parts; save it again as a plain .xlsx file.")
            % {"n": PARTS_MAX}
        )
    total = 0
    for part in parts:
        limit = _part_limit(part.filename)
        if part.file_size > limit:
            raise _refuse(
                _(
                    "A part of the workbook (%(part)s) unpacks to more than %(size)s; "
                    "import the data in parts, as plain values."
                )
                % {"part": part.filename[:80], "size": size_text(limit)}
            )
        total += part.file_size
    if total > UNPACKED_MAX:
        raise _refuse(
            _("The workbook unpacks to more than %(size)s; import it in parts.")
            % {"size": size_text(UNPACKED_MAX)}
        )


def read_sheet(
    file: IO[bytes] | str,
    *,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    seconds: float | None = None,
) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
    """The rows of the first worksheet as ``(number, values)``, numbered as Excel numbers them
    (the header is row 1), empty rows included, each of at most ``max_columns`` values. More
    than ``max_rows`` rows below the header (empty ones count too), more than ``seconds`` of
    reading (``READ_SECONDS``), a file beyond the limits of :func:`check_workbook` or a damaged
    one: a ``ValidationFailed`` on the field ``file`` that says which."""
    check_workbook(file)
    seconds = READ_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + seconds
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except _DAMAGED:
        raise _not_a_workbook() from None
    try:
        if not workbook.worksheets:
            raise ValidationFailed(_("The workbook has no worksheet."), field="file")
        sheet = workbook.worksheets[0]
        if not hasattr(sheet, "iter_rows"):  # a chart sheet
            raise ValidationFailed(
                _("The first sheet of the workbook holds no cells."), field="file"
            )
        width = min(sheet.max_column or max_columns, max_columns)  # as its dimension says
        rows = sheet.iter_rows(max_row=max_rows + 2, max_col=width, values_only=True)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except _DAMAGED as error:
                logger.info("damaged workbook at row %s: %s", number + 1, error)
                raise ValidationFailed(
                    _("The workbook is damaged near row %(row)s; save it again in Excel.")
                    % {"row": number + 1},
                    field="file",
                ) from None
            if values is None:
                return
            number += 1
            if number > max_rows + 1:
                raise _refuse(
                    _(
                        "The sheet has more than %(n)s rows below the header (empty rows "
                        "count too); import it in parts."
                    )
                    % {"n": max_rows}
                )
            if time.monotonic() > deadline:
                raise _refuse(
                    _(
                        "Reading the file took longer than %(n)s seconds (at row %(row)s); "
                        "import it in parts."
                    )
                    % {"n": int(seconds), "row": number}
                )
            yield number, tuple(values)
    finally:
        workbook.close()
