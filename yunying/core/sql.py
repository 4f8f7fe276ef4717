"""A few statements the ORM writes slowly, as one plain SQL statement each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

BATCH = 400


def update_rows(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Set ``fields`` of many rows in one statement: ``rows`` are ``(pk, value, value, …)``.

    ``UPDATE … FROM (VALUES …)`` works on PostgreSQL and on SQLite ≥ 3.33; unlike the ORM's
    ``bulk_update`` (a CASE per field and row) it costs the same per row however many rows.
    """
    if not rows:
        return
    if connection.vendor == "sqlite" and _sqlite_version() < (3, 33, 0):
        _fallback(model, fields, rows)
        return
    quote = connection.ops.quote_name
    meta = model._meta
    targets = [cast(Field, meta.get_field(name)) for name in fields]
    # PostgreSQL types a VALUES column from its values; a column of NULLs would be text.
    typed = connection.vendor == "postgresql"
    assignments = ", ".join(
        f"{quote(field.column)} = "
        + (
            f"CAST(v.column{index + 2} AS {field.db_type(connection)})"
            if typed
            else f"v.column{index + 2}"
        )
        for index, field in enumerate(targets)
    )
    placeholder = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    pk = quote(cast(Field, meta.pk).column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608 - names from the model
                f"FROM (VALUES {values}) AS v WHERE t.{pk} = v.column1",
                [value for row in chunk for value in row],
            )


def _sqlite_version() -> tuple[int, ...]:
    import sqlite3

    return sqlite3.sqlite_version_info


def _fallback(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    objects = []
    for row in rows:
        obj = model(pk=row[0])
        for name, value in zip(fields, row[1:], strict=True):
            setattr(obj, name, value)
        objects.append(obj)
    model._default_manager.bulk_update(objects, list(fields))
