"""Uploaded workbooks are read within limits a worker can afford (``core.excel.read_sheet``): the
file's size, what its parts unpack to (checked before parsing), the rows (empty ones count), the
time to read them; a damaged workbook is a form error, never a 500. Both imports (master data and
sales orders) and the stocktake's counting sheet read through it."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.masterdata.sheets import ITEM_HEADER, xlsx
from yunying.core import excel
from yunying.core.errors import ValidationFailed
from yunying.masterdata.services import imports
from yunying.sales.services import imports as order_imports

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ORDER_HEADER = ["Customer code", "Promised delivery date", "Item code", "Quantity"]


def _workbook(rows: list[list[Any]]) -> bytes:
    """A workbook as Excel writes it: text in the shared strings part."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def _rewrite(data: bytes, name: str, write: Callable[[Any], None]) -> bytes:
    """``data`` with its part ``name`` written again, streamed, by ``write(part)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename == name:
                with archive.open(name, "w") as part:
                    write(part)
            else:
                archive.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def _english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def _upload(data: bytes, name: str = "bomb.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=excel.XLSX)


def string_bomb(header: list[str], megabytes: int) -> bytes:
    """A few hundred kilobytes holding one shared string of ``megabytes`` MB."""
    data = _workbook([header, ["A"] * len(header)])

    def write(part: Any) -> None:
        strings = "".join(f"<si><t>{text}</t></si>" for text in [*header, "A"])
        part.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
            b'schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings.encode() + b"<si><t>"
        )
        chunk = b"x" * MB
        for _ in range(megabytes):
            part.write(chunk)
        part.write(b"</t></si></sst>")

    return _rewrite(data, "xl/sharedStrings.xml", write)


def _sheet(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def blank_rows_bomb(header: list[str], rows: int) -> bytes:
    """The header, then ``rows`` empty rows, the sheet's dimension claiming every column."""
    data = _workbook([header])
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', _sheet(data))
    head, tail = sheet.split(b"</sheetData>")

    def write(part: Any) -> None:
        part.write(head)
        for start in range(2, rows + 2, 10000):
            part.write(b"".join(b'<row r="%d"/>' % n for n in range(start, start + 10000)))
        part.write(b"</sheetData>" + tail)

    return _rewrite(data, "xl/worksheets/sheet1.xml", write)


def far_row_bomb(header: list[str]) -> bytes:
    """The header and one empty row at the bottom of the sheet: a million rows in between."""
    data = _workbook([header])
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', _sheet(data))
    sheet = sheet.replace(b"</sheetData>", b'<row r="1048576"/></sheetData>')
    return _rewrite(data, "xl/worksheets/sheet1.xml", lambda part: part.write(sheet))


def truncated(data: bytes) -> bytes:
    """The workbook with its sheet's XML cut in the middle."""
    sheet = _sheet(data)
    return _rewrite(
        data, "xl/worksheets/sheet1.xml", lambda part: part.write(sheet[: len(sheet) // 2])
    )


def _refusal(call: Callable[[], Any]) -> tuple[ValidationFailed, int]:
    """The ``ValidationFailed`` that ``call`` raises and the peak of memory it allocated
    (tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationFailed) as refused, translation.override("en"):
            call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.field == "file"
    return refused.value, peak


IMPORTS = {
    "items": (ITEM_HEADER, "admin", imports.import_items),
    "orders": (ORDER_HEADER, "ops_specialist", order_imports.import_orders),
}


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_a_shared_string_bomb_is_refused_before_it_is_unpacked(people, kind: str) -> None:
    header, username, run = IMPORTS[kind]
    bomb = string_bomb(header, 300)
    assert len(bomb) < 1 * MB  # 300 MB of text in a few hundred kilobytes
    error, peak = _refusal(lambda: run(_upload(bomb), actor=people(username)))
    assert "16 MB" in str(error) and "sharedStrings" in str(error)
    assert peak < 100 * MB, f"the import took {peak / MB:.0f} MB"


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_empty_rows_count_toward_the_row_limit(people, kind: str) -> None:
    header, username, run = IMPORTS[kind]
    limit = imports.MAX_ROWS if kind == "items" else order_imports.MAX_ROWS
    for bomb in (blank_rows_bomb(header, 100_000), far_row_bomb(header)):
        error, peak = _refusal(lambda: run(_upload(bomb), actor=people(username)))  # noqa: B023
        assert f"more than {limit} rows" in str(error)
        assert peak < 100 * MB


def test_a_file_above_the_upload_limit_is_refused_naming_it(people, web) -> None:
    assert excel.upload_max_bytes() == 10 * MB
    big = _upload(b"PK\x03\x04" + bytes(10 * MB))
    error, _peak = _refusal(lambda: imports.import_items(big, actor=people("admin")))
    assert "10 MB" in str(error)
    for username, url, data in (
        ("admin", "/masterdata/import/", {"kind": "items"}),
        ("ops_specialist", "/sales/orders/import/", {}),
    ):
        big.seek(0)
        response = _english(web(username)).post(url, {**data, "file": big})
        assert response.status_code == 200
        assert "larger than 10 MB" in response.content.decode()


def test_a_part_that_unpacks_beyond_its_limit_is_named(people) -> None:
    bomb = string_bomb(ITEM_HEADER, 17)
    error, peak = _refusal(lambda: imports.import_items(_upload(bomb), actor=people("admin")))
    assert "xl/sharedStrings.xml" in str(error) and "16 MB" in str(error)
    assert peak < 20 * MB


def test_reading_stops_after_the_time_limit(people, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel, "READ_SECONDS", 0)
    upload = xlsx([ITEM_HEADER, ["PV-1", "组件", "", "块", "MOD"]])
    error, _peak = _refusal(lambda: imports.import_items(upload, actor=people("admin")))
    assert "0 seconds" in str(error)


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_a_damaged_sheet_is_refused_with_a_message(people, kind: str) -> None:
    header, username, run = IMPORTS[kind]
    damaged = truncated(_workbook([header, *[["A"] * len(header)] * 20]))
    error, _peak = _refusal(lambda: run(_upload(damaged), actor=people(username)))
    assert "damaged near row" in str(error)


def test_the_import_pages_show_a_damaged_sheet_as_a_form_error(web) -> None:
    damaged = truncated(_workbook([ITEM_HEADER, *[["A"] * 13] * 20]))
    response = _english(web("admin")).post(
        "/masterdata/import/", {"kind": "items", "file": _upload(damaged)}
    )
    assert response.status_code == 200
    assert "The workbook is damaged near row" in response.content.decode()
    damaged = truncated(_workbook([ORDER_HEADER, *[["A"] * 4] * 20]))
    response = _english(web("ops_specialist")).post(
        "/sales/orders/import/", {"file": _upload(damaged)}
    )
    assert response.status_code == 200
    assert "The workbook is damaged near row" in response.content.decode()


def test_a_workbook_within_the_limits_is_read_as_before(people) -> None:
    upload = xlsx(
        [
            ITEM_HEADER,
            ["PV-LIM", "限值组件", "", "块", "MOD"],
            [],
            ["PV-LIM2", "组件二", "", "块", "MOD"],
        ]
    )
    result = imports.import_items(upload, actor=people("admin"))
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2


def test_the_counting_sheet_of_a_stocktake_is_read_within_the_same_limits(web) -> None:
    from tests.inventory.test_stocktakes import planned_and_started
    from tests.stock import put_stock

    put_stock("PV-M550", 100, cost=620, at="A-02")
    stocktake = planned_and_started(web, "A-02")
    client = _english(web("ops_specialist"))
    url = f"/inventory/stocktakes/{stocktake.pk}/upload/"
    header = ["Item code", "Item", "Location", "Book quantity", "Counted quantity", "Reason"]
    rows = [["PV-M550", "", "HF/A-02", 100, 99, ""]] * 30
    for upload, message in (
        (truncated(_workbook([header, *rows])), "damaged"),
        (string_bomb(header, 300), "16 MB"),
        (far_row_bomb(header), "more than 50000 rows"),
    ):
        response = client.post(url, {"file": _upload(upload)})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not stocktake.lines.filter(counted_quantity__isnull=False).exists()
