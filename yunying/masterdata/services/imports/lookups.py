"""Finding the records a sheet names, a chunk of codes at a time: by code, active employees by
username; and refusing a code that appears twice in the same file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from yunying.core.models import Employee

from .cells import Row
from .reading import Raw, blank

CHUNK = 500

M = TypeVar("M", bound=models.Model)


def by_code(model: type[M], codes: Iterable[str], queryset: Any = None) -> dict[str, M]:
    """The records (of ``queryset``, or all of ``model``) with these codes, by code."""
    rows = queryset if queryset is not None else model._default_manager.all()
    wanted = sorted({c for c in codes if c})
    found: dict[str, M] = {}
    for start in range(0, len(wanted), CHUNK):
        for obj in rows.filter(code__in=wanted[start : start + CHUNK]):
            found[str(getattr(obj, "code"))] = obj  # noqa: B009 - M has no "code" for mypy
    return found


def codes(raws: Iterable[Raw], key: str) -> set[str]:
    """The codes written in column ``key`` (a whole number read as Excel gives it: 100.0)."""
    found = set()
    for raw in raws:
        value = raw.values.get(key)
        if not blank(value):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            found.add(str(value).strip())
    return found


def employees(raws: Iterable[Raw], key: str) -> dict[str, Employee]:
    """The active employees whose usernames column ``key`` names, by username."""
    names = sorted(codes(raws, key))
    found: dict[str, Employee] = {}
    for start in range(0, len(names), CHUNK):
        for employee in Employee.objects.filter(
            active=True, user__username__in=names[start : start + CHUNK]
        ).select_related("user"):
            found[employee.user.username] = employee
    return found


def unique_codes(rows: list[tuple[Row, str]]) -> None:
    """An error on every row whose code an earlier row has already."""
    seen: dict[str, int] = {}
    for row, code in rows:
        if code in seen:
            row.error(
                "code",
                _("The code “%(code)s” appears already in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = row.number
