"""A few statements the ORM writes slowly, as one plain SQL statement each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import InsertQuery, UpdateQuery

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
    with connection.cursor() as cursor:
        for sql, params in _update_sql(model, fields, rows):
            cursor.execute(sql, params)


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


def _update_sql(
    model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> list[tuple[str, list[Any]]]:
    quote = connection.ops.quote_name
    meta = model._meta
    targets = [cast(Field, meta.get_field(name)) for name in fields]
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
    statements = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        prepared = [
            [
                row[0],
                *(f.get_db_prep_save(v, connection) for f, v in zip(targets, row[1:], strict=True)),
            ]
            for row in chunk
        ]
        statements.append(
            (
                f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608 - names from the model
                f"FROM (VALUES {', '.join([placeholder] * len(chunk))}) AS v "
                f"WHERE t.{pk} = v.column1",
                [value for row in prepared for value in row],
            )
        )
    return statements


class Batch:
    """Writes a service collects and sends together at the end: on PostgreSQL one statement
    (each write a data-modifying CTE, so one round trip however many tables), elsewhere one
    statement per write.

    The writes of one batch see the database as it was before the batch, and a row may be
    written only once per batch. Foreign keys are checked at COMMIT as usual.
    """

    def __init__(self) -> None:
        self._statements: list[tuple[str, list[Any]]] = []

    def __bool__(self) -> bool:
        return bool(self._statements)

    def insert(self, objects: Sequence[Model]) -> None:
        """Insert new rows (their primary keys are not read back)."""
        if not objects:
            return
        model = type(objects[0])
        fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
        query = InsertQuery(model)
        query.insert_values(fields, list(objects))
        for sql, params in query.get_compiler(connection=connection).as_sql():
            self._statements.append((sql, list(params)))

    def update(
        self, model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Set ``fields`` of rows given as ``(pk, value, value, …)``."""
        if rows and connection.vendor == "sqlite" and _sqlite_version() < (3, 33, 0):
            _fallback(model, fields, rows)  # no UPDATE … FROM: written at once
        elif rows:
            self._statements += _update_sql(model, fields, rows)

    def add(self, sql: str, params: Sequence[Any]) -> None:
        """A data-modifying statement of the caller's (INSERT … SELECT, UPDATE … WHERE)."""
        self._statements.append((sql, list(params)))

    def update_where(self, queryset: QuerySet[Any], **values: Any) -> None:
        """``queryset.update(**values)``, sent with the batch."""
        query = cast(UpdateQuery, queryset.query.chain(UpdateQuery))
        query.add_update_values(values)
        sql, params = query.get_compiler(connection=connection).as_sql()
        if sql:
            self._statements.append((sql, list(params)))

    def send(self) -> None:
        statements, self._statements = self._statements, []
        if not statements:
            return
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql" or len(statements) == 1:
                for sql, params in statements:
                    cursor.execute(sql, params)
                return
            ctes = ", ".join(f"w{n} AS ({sql})" for n, (sql, _) in enumerate(statements))
            cursor.execute(
                f"WITH {ctes} SELECT 1",
                [value for _, params in statements for value in params],
            )


def remember(obj: Model, relation: str, rows: Sequence[Model]) -> None:
    """Let ``obj.<relation>.all()`` answer ``rows`` without a query, as ``prefetch_related``
    would: a service hands back what it wrote instead of making the caller read it again."""
    queryset = getattr(obj, relation).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset
