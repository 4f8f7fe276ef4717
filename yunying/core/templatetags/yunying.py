from __future__ import annotations

import json
from typing import Any

from django import template

from yunying.core import selectors
from yunying.core.models import DataScope, PositionChange

register = template.Library()


@register.filter
def permission_rows(change: PositionChange) -> list[dict[str, Any]]:
    return selectors.position_change_rows(change)


@register.filter
def scope_label(value: str) -> str:
    if not value:
        return "—"
    try:
        return str(DataScope(value).label)
    except ValueError:
        return value


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
