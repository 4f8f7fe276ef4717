"""Codes as people read them: a permission's label, a position's or department's name, a data
scope's label, a value written out as words and numbers.

Pages show these instead of the codes that rules and the audit trail store (``core.view_employee``,
``ops_manager``). Names are looked up once per page through a :class:`Names` book."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Model
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import access
from .models import DataScope, Department, Position
from .numbers import grouped


def permission_label(code: str) -> str:
    """The registered label of a permission code; the code itself when none is registered."""
    definition = access.permission(code)
    return str(definition.label) if definition else code


def scope_label(value: str) -> str:
    if not value:
        return "—"
    try:
        return str(DataScope(value).label)
    except ValueError:
        return value


def separator() -> str:
    """The list separator of the active language."""
    language = translation.get_language() or ""
    return ", " if language.startswith("en") else "、"


def joined(parts: Iterable[str]) -> str:
    return separator().join(parts)


class Names:
    """Names of the positions, departments and other records a page mentions, read once."""

    def __init__(self) -> None:
        self._positions: dict[str, str] | None = None
        self._departments: dict[str, str] | None = None
        self._records: dict[tuple[str, int], str] = {}

    def position(self, code: str) -> str:
        if self._positions is None:
            self._positions = dict(Position.objects.values_list("code", "name"))
        return self._positions.get(code, code)

    def department(self, code: str) -> str:
        """A department by its code (or its id, as older entries keep it)."""
        if self._departments is None:
            self._departments = dict(Department.objects.values_list("code", "name"))
        if code not in self._departments and str(code).isdigit():
            return self.record(Department, int(code))
        return self._departments.get(code, code)

    def record(self, model: type[Model], pk: int) -> str:
        """The name (``str``) of the ``model`` row ``pk``; the id when it no longer exists."""
        key = (model._meta.label, pk)
        if key not in self._records:
            found = model._default_manager.filter(pk=pk).first()
            self._records[key] = str(found) if found is not None else f"#{pk}"
        return self._records[key]


def permissions_text(value: Any) -> str:
    """``{"core.view_employee": "department"}`` → “查看员工（本部门）”; a list of codes → labels."""
    if isinstance(value, Mapping):
        return (
            joined(
                _("%(permission)s (%(scope)s)")
                % {"permission": permission_label(code), "scope": scope_label(str(scope))}
                for code, scope in value.items()
            )
            or "—"
        )
    if isinstance(value, list | tuple):
        return joined(permission_label(str(code)) for code in value) or "—"
    return permission_label(str(value))


def _looks_like_number(text: str) -> bool:
    try:
        Decimal(text)
    except (InvalidOperation, ValueError):
        return False
    # Decimals are stored as text with a point ("1502188.59"); digits without one are codes or
    # telephone numbers and stay as they are.
    return "." in text and any(ch.isdigit() for ch in text) and text.strip() == text


def value_text(value: Any) -> str:
    """Any stored value (JSON: text, number, yes/no, list, mapping) as a short phrase."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    if isinstance(value, int | float | Decimal):
        return grouped(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, Mapping):
        return joined(f"{key}: {value_text(item)}" for key, item in value.items()) or "—"
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, list | tuple) for item in value):
            return "; ".join(" × ".join(value_text(part) for part in item) for item in value)
        return joined(value_text(item) for item in value) or "—"
    return str(value)


def _text(value: str) -> str:
    if _looks_like_number(value) and len(value) < 30:
        return grouped(value)
    moment = parse_datetime(value) if "T" in value else None
    if moment is not None:
        if moment.tzinfo is not None:
            from django.utils import timezone

            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return value


def date_text(value: datetime.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"
