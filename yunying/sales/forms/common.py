"""Widgets, fields and forms the sales pages share: date and time inputs, quantities and money,
the customer choice, and one quantity per line (a delivery notice or a return)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from yunying.core.numbers import plain


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def number_input(attrs: dict[str, Any] | None = None) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": "0", **(attrs or {})})


def quantity_field(**options: Any) -> forms.DecimalField:
    options.setdefault("widget", number_input())
    return forms.DecimalField(max_digits=18, decimal_places=3, **options)


def money_field(**options: Any) -> forms.DecimalField:
    options.setdefault("widget", number_input({"step": "0.01"}))
    return forms.DecimalField(max_digits=18, decimal_places=2, **options)


def when_field(**options: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **options
    )


def now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def set_queryset(field: forms.Field, rows: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, field).queryset = rows


class CustomerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class QuantitiesForm(forms.Form):
    """One quantity per line (``q<id>``): a delivery notice or a return."""

    def __init__(
        self,
        *args: Any,
        lines: Iterable[tuple[Any, Decimal]] = (),
        initial_left: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Any, Decimal, str]] = []
        for line, left in lines:
            name = f"q{line.pk}"
            self.fields[name] = quantity_field(
                label=str(line.item),
                required=False,
                min_value=Decimal("0"),
                initial=plain(left) if initial_left else "",
                widget=number_input({"max": plain(left)}),
            )
            self.rows.append((line, left, name))

    def quantities(self) -> dict[Any, Decimal]:
        return {
            line: self.cleaned_data[name]
            for line, _left, name in self.rows
            if self.cleaned_data.get(name)
        }

    def bound_rows(self) -> list[tuple[Any, Decimal, forms.BoundField]]:
        return [(line, left, self[name]) for line, left, name in self.rows]
