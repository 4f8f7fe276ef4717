"""The counting sheet of a stocktake (INV-5) as Excel: its columns, the sheet to download with
one row per line, and the filled-in sheet read back into counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.errors import ValidationFailed
from yunying.core.excel import read_sheet
from yunying.masterdata.models import Item, Location

from .models import Stocktake, StocktakeLine
from .services.stocktakes import Count

COUNT_COLUMNS = {
    "item_code": gettext_lazy("Item code"),
    "item_name": gettext_lazy("Item name"),
    "location": gettext_lazy("Location"),
    "book": gettext_lazy("Book quantity"),
    "counted": gettext_lazy("Counted quantity"),
    "reason": gettext_lazy("Reason"),
}
REQUIRED_COLUMNS = ("item_code", "location", "counted")


def count_sheet_headers(*, with_book: bool) -> list[str]:
    return [str(label) for key, label in COUNT_COLUMNS.items() if with_book or key != "book"]


def count_sheet_rows(lines: Iterable[StocktakeLine], *, with_book: bool) -> list[list[Any]]:
    rows = []
    for line in lines:
        row: list[Any] = [line.item.code, line.item.name, str(line.location)]
        if with_book:
            row.append(_number(line.book_quantity))
        row.append("" if line.counted_quantity is None else _number(line.counted_quantity))
        row.append(line.reason)
        rows.append(row)
    return rows


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _aliases(label: Any) -> set[str]:
    names = set()
    for language in ("en", settings.LANGUAGE_CODE, translation.get_language() or "en"):
        with translation.override(language):
            names.add(str(label).strip().lower())
    return names


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class CountsUploadForm(forms.Form):
    """The counting sheet filled in: each row with a counted quantity becomes a count. One bad
    row refuses the whole file, naming the row and the column."""

    file = forms.FileField(label=gettext_lazy("Counting sheet (.xlsx)"))
    MAX_COUNT_ROWS = 50000

    def __init__(self, *args: Any, stocktake: Stocktake, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stocktake = stocktake
        self.counts: list[Count] = []

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:  # within the limits of size, rows and time of every upload (core.excel)
            rows = [values for _row, values in read_sheet(upload, max_rows=self.MAX_COUNT_ROWS)]
        except ValidationFailed as error:
            raise forms.ValidationError(str(error)) from None
        if not rows:
            raise forms.ValidationError(_("The sheet is empty."))
        self.counts = self._parse(rows)
        return upload

    def _columns(self, header: Sequence[Any]) -> dict[str, int]:
        names = [_text(cell).lower() for cell in header]
        columns = {}
        for key, label in COUNT_COLUMNS.items():
            aliases = _aliases(label)
            for index, name in enumerate(names):
                if name in aliases:
                    columns[key] = index
                    break
        missing = [str(COUNT_COLUMNS[key]) for key in REQUIRED_COLUMNS if key not in columns]
        if missing:
            raise forms.ValidationError(
                _("Row 1: the column “%(column)s” is missing; download the template.")
                % {"column": missing[0]}
            )
        return columns

    def _parse(self, rows: Sequence[Sequence[Any]]) -> list[Count]:
        reader = _SheetReader(self.stocktake, rows, self._columns(rows[0]))
        counts: list[Count] = []
        seen: dict[tuple[int, int], int] = {}
        for number, row in enumerate(rows[1:], start=2):
            count = reader.count(number, row)
            if count is None:
                continue  # not counted (yet): the line stays as it is
            key = (count.item.pk, count.location.pk)
            if key in seen:
                raise reader.refuse(
                    number,
                    "item_code",
                    _("%(item)s at %(location)s is already counted in row %(first)s.")
                    % {"item": count.item.code, "location": count.location, "first": seen[key]},
                )
            seen[key] = number
            counts.append(count)
        if not counts:
            raise forms.ValidationError(_("The sheet has no counted quantities."))
        return counts


class _SheetReader:
    """Reads the rows of a counting sheet: the items and locations it names, looked up once."""

    def __init__(
        self, stocktake: Stocktake, rows: Sequence[Sequence[Any]], columns: dict[str, int]
    ) -> None:
        self.stocktake = stocktake
        self.columns = columns
        self.places = {
            str(place): place for place in stocktake.locations.select_related("warehouse")
        }
        self.by_code: dict[str, list[Location]] = {}
        for place in self.places.values():
            self.by_code.setdefault(place.code.lower(), []).append(place)
        self.items = {
            code.lower(): item for code, item in _item_codes(rows[1:], columns["item_code"])
        }

    def cell(self, row: Sequence[Any], key: str) -> Any:
        index = self.columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    @staticmethod
    def refuse(number: int, key: str, message: str) -> forms.ValidationError:
        return forms.ValidationError(
            _("Row %(row)s, column “%(column)s”: %(problem)s")
            % {"row": number, "column": COUNT_COLUMNS[key], "problem": message}
        )

    def count(self, number: int, row: Sequence[Any]) -> Count | None:
        """The count of a row, None when nothing was counted in it; a bad row is refused."""
        raw = self.cell(row, "counted")
        if _text(raw) == "":
            return None
        item = self._item(number, row)
        location = self._location(number, row)
        counted = _quantity(raw)
        if counted is None:
            raise self.refuse(
                number, "counted", _("“%(value)s” is not a quantity.") % {"value": _text(raw)}
            )
        if counted < 0:
            raise self.refuse(number, "counted", _("a count cannot be negative."))
        return Count(item, location, counted, _text(self.cell(row, "reason")))

    def _item(self, number: int, row: Sequence[Any]) -> Item:
        code = _text(self.cell(row, "item_code"))
        if not code:
            raise self.refuse(number, "item_code", _("the item code is missing."))
        item = self.items.get(code.lower())
        if item is None:
            raise self.refuse(
                number, "item_code", _("there is no item “%(code)s”.") % {"code": code}
            )
        return item

    def _location(self, number: int, row: Sequence[Any]) -> Location:
        where = _text(self.cell(row, "location"))
        location = self.places.get(where) or _single(self.by_code.get(where.lower(), []))
        if location is None:
            raise self.refuse(
                number,
                "location",
                _("“%(location)s” is not one of the locations of %(stocktake)s.")
                % {"location": where, "stocktake": self.stocktake.number},
            )
        return location


def _item_codes(rows: Sequence[Sequence[Any]], column: int) -> list[tuple[str, Item]]:
    codes = {_text(row[column]) for row in rows if column < len(row) and _text(row[column])}
    codes |= {code.upper() for code in codes}
    return [(item.code, item) for item in Item.objects.filter(code__in=codes)]


def _single(candidates: list[Location]) -> Location | None:
    return candidates[0] if len(candidates) == 1 else None


def _quantity(value: Any) -> Decimal | None:
    """A cell as a quantity with at most three decimals, or ``None``."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.001")):
        return None
    return number
