"""Amounts and quantities are grouped by thousands in both languages, in one place (the format
module of zh-hans and ``core.numbers``); form inputs and exports keep plain numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from yunying.core import numbers, units

AMOUNT = Decimal("1502188.59")


def render(source: str, **context: object) -> str:
    return Template("{% load yunying %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_amount_reads_with_thousands_separators(language: str) -> None:
    with translation.override(language):
        assert render("{{ x|money }}", x=AMOUNT) == "¥1,502,188.59"
        assert render('¥{{ x|floatformat:"2g" }}', x=AMOUNT) == "¥1,502,188.59"
        assert numbers.money(Decimal("-20")) == "-¥20.00"
        assert numbers.money(None) == "—"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_quantity_is_grouped_without_trailing_zeros(language: str) -> None:
    with translation.override(language):
        assert render("{{ q|quantity }}", q=Decimal("12500.000")) == "12,500"
        assert render("{{ q|quantity }}", q=Decimal("1E+3")) == "1,000"
        assert render("{{ q|quantity }}", q=Decimal("2.500")) == "2.5"
        assert render("{{ q|quantity }}", q=None) == ""


def test_plain_output_and_form_inputs_keep_plain_numbers() -> None:
    class Form(forms.Form):
        amount = forms.DecimalField(decimal_places=2, max_digits=14)

    with translation.override("zh-hans"):
        assert render("{{ x }}", x=AMOUNT) == "1502188.59"
        field = str(Form(initial={"amount": AMOUNT})["amount"])
        assert 'value="1502188.59"' in field
        bound = Form({"amount": "1502188.59"})
        assert bound.is_valid() and bound.cleaned_data["amount"] == AMOUNT
        assert numbers.plain(Decimal("300.000")) == "300"


def test_units_read_in_the_readers_language() -> None:
    with translation.override("en"):
        assert units.unit_label("台") == "units"
        assert units.unit_label("千克") == "kg"
        assert units.unit_label("块") == "pcs"
        assert units.unit_label("桁架") == "桁架"  # not in the vocabulary: as stored
        assert render("{{ u|unit }}", u="箱") == "cartons"
    with translation.override("zh-hans"):
        assert units.unit_label("台") == "台"
        assert render("{{ u|unit }}", u="箱") == "箱"
