"""The shape of an import workbook: its columns, each with the field it fills, its label in
the header row, whether it is required, an example and a hint for the template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

# Columns of codes, usernames and phone numbers: text, so that Excel keeps "007" as written.
TEXT_KEYS = frozenset(
    {
        "code",
        "phone",
        "category",
        "default_supplier",
        "planner",
        "region",
        "department",
        "owner",
        "item",
        "warehouse",
        "location",
    }
)


@dataclass(frozen=True)
class Column:
    key: str  # the service's field name; errors the service raises name it
    label: Promise
    required: bool = False
    example: Any = ""
    hint: Promise | str = ""

    @property
    def text(self) -> bool:
        """Whether the column holds text that looks like a number (a code, a phone number)."""
        return self.key in TEXT_KEYS


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: Promise
    permission: str
    columns: tuple[Column, ...]

    def column(self, key: str | None) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def label(self, key: str | None) -> str:
        column = self.column(key)
        return str(column.label) if column else ""


NAME = capfirst(gettext_lazy("name"))  # of a thing (名称), not a person (姓名)
YES_NO = gettext_lazy("yes or no; empty means yes")
NOT_NEGATIVE = gettext_lazy("a number, not negative")
DAYS = gettext_lazy("a whole number of days")
