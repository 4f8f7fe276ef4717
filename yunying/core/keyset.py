"""Keyset ("seek") pagination for very long lists such as the stock ledger.

A page does not skip rows with OFFSET: it continues after (or before) the row a cursor names,
through the index on the list's ordering, so the ten-thousandth page costs what the first one
costs, and no ``COUNT(*)`` over the whole list is needed. The ordering must be total (end with a
unique column, usually ``id``) and its columns must not be NULL.

A cursor is an opaque string: the direction and the ordering values of the row it starts from.
Tampering with it only moves the position; its values reach the database as parameters.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet

from .pagination import page_rows

T = TypeVar("T", bound=Model)

NEXT = "n"
PREVIOUS = "p"


class InvalidCursor(ValueError):
    """The cursor is not one this module wrote."""


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page: its rows and the cursors of the pages after and before it (``None`` at the
    ends of the list)."""

    object_list: list[T]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self) -> Iterator[T]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def encode(values: Sequence[Any], direction: str = NEXT) -> str:
    """The cursor of the page that continues after (``NEXT``) or before (``PREVIOUS``) the row
    whose ordering values are ``values``."""
    payload = json.dumps([direction, [_plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode(cursor: str, model: type[Model], ordering: Sequence[str]) -> tuple[str, list[Any]]:
    """The direction and the ordering values (as the fields' Python values) of ``cursor``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
        if direction not in (NEXT, PREVIOUS) or len(values) != len(ordering):
            raise InvalidCursor(cursor)
        return direction, [
            cast("Field[Any, Any]", model._meta.get_field(name.lstrip("-"))).to_python(value)
            for name, value in zip(ordering, values, strict=True)
        ]
    except (ValueError, TypeError, binascii.Error, ValidationError) as error:
        raise InvalidCursor(cursor) from error


def _beyond(ordering: Sequence[str], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows strictly after the position ``values`` in ``ordering`` (before it when not
    ``forward``). The bound on the first column comes first so that it is an index range."""
    names = [name.lstrip("-") for name in ordering]
    ops = []
    for name in ordering:
        descending = name.startswith("-")
        ops.append("lt" if descending == forward else "gt")
    first = Q(**{f"{names[0]}__{ops[0]}e": values[0]})
    after = Q()
    for index in range(len(names)):
        step = Q(**{f"{names[index]}__{ops[index]}": values[index]})
        for equal in range(index):
            step &= Q(**{names[equal]: values[equal]})
        after |= step
    return first & after


def _values(row: Model, ordering: Sequence[str]) -> list[Any]:
    return [getattr(row, name.lstrip("-")) for name in ordering]


def paginate(
    queryset: QuerySet[T], ordering: Sequence[str], cursor: str | None, per_page: int
) -> KeysetPage[T]:
    """The page of ``queryset`` (in ``ordering``) that ``cursor`` names; the first page without
    one. Raises :class:`InvalidCursor` for a cursor that is not one of ours."""
    ordering = list(ordering)
    rows = queryset.order_by(*ordering)
    if not cursor:
        return _forward(rows, ordering, per_page, previous=False)
    direction, values = decode(cursor, queryset.model, ordering)
    if direction == NEXT:
        return _forward(
            rows.filter(_beyond(ordering, values, forward=True)), ordering, per_page, previous=True
        )
    reverse = [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]
    before = queryset.order_by(*reverse).filter(_beyond(ordering, values, forward=False))
    found = page_rows(before, 0, per_page + 1)
    if len(found) <= per_page:  # back at the start: the first page as it is now
        return _forward(rows, ordering, per_page, previous=False)
    page = found[:per_page][::-1]
    return KeysetPage(
        page,
        encode(_values(page[-1], ordering), NEXT),
        encode(_values(page[0], ordering), PREVIOUS),
    )


def _forward(
    rows: QuerySet[T], ordering: list[str], per_page: int, *, previous: bool
) -> KeysetPage[T]:
    found = page_rows(rows, 0, per_page + 1)
    page = found[:per_page]
    more = len(found) > per_page
    return KeysetPage(
        page,
        encode(_values(page[-1], ordering), NEXT) if more else None,
        encode(_values(page[0], ordering), PREVIOUS) if previous and page else None,
    )
