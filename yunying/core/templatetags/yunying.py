from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils import translation

from yunying.core import numbers, readable, selectors, units
from yunying.core.models import PositionChange

register = template.Library()


@register.filter
def permission_rows(change: PositionChange) -> list[dict[str, Any]]:
    return selectors.position_change_rows(change)


@register.filter
def scope_label(value: str) -> str:
    return readable.scope_label(value)


@register.filter
def permission_label(code: str) -> str:
    """A permission code's registered label: ``core.view_employee`` → 查看员工."""
    return readable.permission_label(code)


@register.filter
def money(value: Any) -> str:
    """An amount for reading: ``¥1,502,188.59`` in every language (``—`` when there is none)."""
    return numbers.money(value)


@register.filter
def quantity(value: Any) -> str:
    """A quantity for reading: grouped by thousands, trailing zeros dropped (``1,250``)."""
    return numbers.grouped(value)


@register.filter
def unit(value: str | None) -> str:
    """A unit of measure in the reader's language (台 reads “units” in English)."""
    return units.unit_label(value)


@register.filter
def in_language(obj: Any) -> str:
    """The name of ``obj`` in the reader's language: ``name_en`` in English when it is set,
    ``name`` otherwise (an approval step)."""
    name = getattr(obj, "name", "")
    english = getattr(obj, "name_en", "")
    language = translation.get_language() or ""
    return str(english) if english and language.startswith("en") else str(name or "")


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


@register.filter
def yesno_mark(value: bool) -> str:
    return "✓" if value else "—"


@register.filter
def safe_json(value: Any) -> str:
    """JSON for a data attribute (chart options); autoescaping makes it attribute-safe."""
    return json.dumps(value, ensure_ascii=False)
