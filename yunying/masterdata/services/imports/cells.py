"""Reading the cells of one data row: text within the field's length, e-mail addresses,
numbers (also as Excel computes them), whole numbers, yes/no, the customer type, and codes
looked up among the records; a wrong cell is recorded as an error naming its row and column."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import Customer
from .reading import Raw, blank, norm, variants
from .results import RowError
from .sheets import Sheet

T = TypeVar("T")

_TRUE = {"1", "y", "yes", "true", "是", "有效", "启用", "√", "active"}
_FALSE = {"0", "n", "no", "false", "否", "无效", "停用", "×", "inactive"}
_KINDS = {
    Customer.Kind.DIRECT: {"direct", "直销", "直销客户", "直客"},
    Customer.Kind.DISTRIBUTOR: {"distributor", "经销商", "经销", "分销商"},
}


@lru_cache(maxsize=1)
def _answers() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """The words accepted for yes, no and each customer type, in every language of the site."""
    yes = frozenset(_TRUE | variants(gettext_lazy("yes")))
    no = frozenset(_FALSE | variants(gettext_lazy("no")))
    kinds = {
        str(kind.value): frozenset(names | variants(kind.label) | {kind.value})
        for kind, names in _KINDS.items()
    }
    return yes, no, kinds


class Row:
    """One data row: each accessor returns the parsed value, or ``None`` when the cell is
    empty or wrong (and then records the error)."""

    def __init__(self, sheet: Sheet, raw: Raw, errors: list[RowError]) -> None:
        self.sheet, self.number, self.values, self.errors = sheet, raw.number, raw.values, errors
        self.ok = True

    def error(self, key: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, self.sheet.label(key), message))

    def present(self, key: str) -> bool:
        return not blank(self.values.get(key))

    def _value(self, key: str) -> Any:
        value = self.values.get(key)
        if blank(value):
            column = self.sheet.column(key)
            if column is not None and column.required:
                self.error(key, _("This field is required."))
            return None
        if isinstance(value, str):
            return value.strip()
        return value

    def _clean(self, key: str, form_field: forms.Field, value: Any) -> Any:
        try:
            return form_field.clean(value)
        except ValidationError as problem:
            self.error(key, problem.messages[0])
            return None

    def text(self, key: str, model: type[models.Model], name: str | None = None) -> str | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        limit = getattr(model._meta.get_field(name or key), "max_length", None)
        result = self._clean(key, forms.CharField(max_length=limit, required=False), str(value))
        return None if result is None else str(result)

    def email(self, key: str) -> str | None:
        value = self._value(key)
        return None if value is None else self._clean(key, forms.EmailField(), str(value))

    def decimal(self, key: str, *, places: int, positive: bool = False) -> Decimal | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(key, _("Enter a number."))
            return None
        if isinstance(value, float):  # a computed cell: round to the places kept
            value = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        elif isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace(" ", "")
        result = self._clean(
            key, forms.DecimalField(max_digits=18, decimal_places=places, min_value=0), value
        )
        if result is not None and positive and result <= 0:
            self.error(key, _("Enter a number greater than zero."))
            return None
        return result

    def integer(self, key: str) -> int | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(key, _("Enter a whole number."))
            return None
        return self._clean(key, forms.IntegerField(min_value=0, max_value=36500), value)

    def boolean(self, key: str) -> bool | None:
        value = self._value(key)
        if value is None or isinstance(value, bool):
            return value
        text = norm(str(int(value) if isinstance(value, float) else value))
        yes, no, _kinds = _answers()
        if text in yes:
            return True
        if text in no:
            return False
        self.error(key, _("Enter yes or no."))
        return None

    def kind(self, key: str) -> str | None:
        value = self._value(key)
        if value is None:
            return None
        text = norm(str(value))
        for kind, names in _answers()[2].items():
            if text in names:
                return kind
        self.error(key, _("Enter direct or distributor (直销 or 经销商)."))
        return None

    def lookup(self, key: str, table: Mapping[str, T], message: str) -> T | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found = table.get(str(value).strip())
        if found is None:
            self.error(key, message % {"code": value})
        return found
