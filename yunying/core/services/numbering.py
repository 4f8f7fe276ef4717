"""Gap-free document numbers per type and year: ``PP-2026-00001``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..models import Document, DocumentSequence

_BUMP = (
    "UPDATE core_documentsequence SET last_number = last_number + 1 "
    "WHERE prefix = %s AND year = %s RETURNING last_number"
)


def next_number(prefix: str, *, on: datetime.date | None = None) -> str:
    """Take the next number for ``prefix`` in the year of ``on`` (today by default).

    Must run inside the transaction that saves the document: the sequence row stays locked until
    that transaction ends, and a rollback gives the number back, so numbers have no gaps and no
    duplicates however many people submit at once.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the document's transaction")
    year = (on or timezone.localdate()).year
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, [prefix, year])
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(prefix=prefix, year=year, last_number=1)
                row = (1,)
            except IntegrityError:
                # Somebody created this year's sequence a moment ago: take the next one of it.
                cursor.execute(_BUMP, [prefix, year])
                row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"document sequence {prefix}-{year} could not be taken")
    return f"{prefix}-{year}-{row[0]:05d}"


_TAKE = (
    "WITH seq AS (UPDATE core_documentsequence SET last_number = last_number + 1 "
    "WHERE prefix = %s AND year = %s RETURNING last_number), "
    "doc AS (INSERT INTO {table} ({columns}) SELECT {number}, {values} FROM seq "
    "RETURNING {pk}, {number_column}){lines} "
    "SELECT 0, {pk}, {number_column} FROM doc{line_ids} ORDER BY 1, 2"
)
_LINES = (
    ", lines AS (INSERT INTO {table} ({columns}) SELECT doc.{pk}, {values} "
    "FROM doc, (VALUES {rows}) AS v ({names}) ORDER BY v.n RETURNING {line_pk})"
)

_LINE_IDS = " UNION ALL SELECT 1, {line_pk}, NULL FROM lines"


def _insertable(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]


def _pk_column(model: type[models.Model]) -> str:
    return str(cast("models.Field[Any, Any]", model._meta.pk).column)


def _typed(field: models.Field[Any, Any]) -> str:
    return f"CAST(%s AS {field.db_type(connection)})"


def insert_numbered(
    document: Document,
    *,
    lines: Sequence[models.Model] = (),
    parent: str = "",
    on: datetime.date | None = None,
) -> None:
    """Save a new ``document`` under the next number of its prefix, with its ``lines`` (whose
    foreign key ``parent`` points to it), in one statement on PostgreSQL: the sequence row,
    the document and its lines. Sets the primary keys and the number on the objects."""
    if not connection.in_atomic_block:
        raise RuntimeError("insert_numbered() must run inside the document's transaction")
    if connection.vendor != "postgresql":
        document.number = next_number(document.NUMBER_PREFIX, on=on)
        document.save(force_insert=True)
        for line in lines:
            setattr(line, parent, document)
        type(lines[0])._default_manager.bulk_create(lines) if lines else None
        return
    year = (on or timezone.localdate()).year
    sql, params = _numbered_sql(document, lines, parent, f"{document.NUMBER_PREFIX}-{year}-")
    with connection.cursor() as cursor:
        cursor.execute(sql, [document.NUMBER_PREFIX, year, *params])
        rows = cursor.fetchall()
        if not rows:  # the first document of its kind this year
            _create_sequence(document.NUMBER_PREFIX, year)
            cursor.execute(sql, [document.NUMBER_PREFIX, year, *params])
            rows = cursor.fetchall()
    document.pk, document.number = rows[0][1], rows[0][2]
    document._state.adding, document._state.db = False, connection.alias
    for line, row in zip(lines, rows[1:], strict=True):
        setattr(line, parent, document)
        line.pk = row[1]
        line._state.adding, line._state.db = False, connection.alias


def _numbered_sql(
    document: Document, lines: Sequence[models.Model], parent: str, prefix: str
) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    meta = document._meta
    fields = [f for f in _insertable(type(document)) if f.name != "number"]
    number_column = quote(cast("models.Field[Any, Any]", meta.get_field("number")).column)
    params: list[Any] = [prefix]
    params += [f.get_db_prep_save(f.pre_save(document, add=True), connection) for f in fields]
    line_sql, line_ids = "", ""
    if lines:
        line_meta = lines[0]._meta
        line_fields = [f for f in _insertable(type(lines[0])) if f.name != parent]
        row = "(%s, " + ", ".join(_typed(f) for f in line_fields) + ")"
        for n, line in enumerate(lines):
            params.append(n)
            params += [
                f.get_db_prep_save(f.pre_save(line, add=True), connection) for f in line_fields
            ]
        names = ", ".join(["n", *(f"c{i}" for i in range(len(line_fields)))])
        line_pk = quote(_pk_column(type(lines[0])))
        line_sql = _LINES.format(
            table=quote(line_meta.db_table),
            columns=", ".join(
                quote(c)
                for c in [cast("models.Field[Any, Any]", line_meta.get_field(parent)).column]
                + [f.column for f in line_fields]
            ),
            pk=quote(_pk_column(type(document))),
            values=", ".join(f"v.c{i}" for i in range(len(line_fields))),
            rows=", ".join([row] * len(lines)),
            names=names,
            line_pk=line_pk,
        )
        line_ids = _LINE_IDS.format(line_pk=line_pk)
    sql = _TAKE.format(
        table=quote(meta.db_table),
        columns=", ".join([number_column, *(quote(f.column) for f in fields)]),
        number=(
            "%s || CASE WHEN seq.last_number < 100000 "
            "THEN lpad(seq.last_number::text, 5, '0') ELSE seq.last_number::text END"
        ),
        values=", ".join(_typed(f) for f in fields),
        pk=quote(_pk_column(type(document))),
        number_column=number_column,
        lines=line_sql,
        line_ids=line_ids,
    )
    return sql, params


def _create_sequence(prefix: str, year: int) -> None:
    try:
        with transaction.atomic():
            DocumentSequence.objects.create(prefix=prefix, year=year, last_number=0)
    except IntegrityError:
        pass  # created by a concurrent first writer
