"""Writing an import: every row through the record's own service (checked and audited), all
in one transaction; if any row is refused, every refusal is reported and nothing is kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from yunying.core import tx
from yunying.core.errors import DomainError
from yunying.core.models import Employee

from .cells import Row
from .results import ImportResult, RowError, describe
from .sheets import Sheet


@dataclass
class Write:
    number: int
    create: bool
    action: Callable[[], object] | None  # None: the row changes nothing


def write_all(sheet: Sheet, writes: list[Write]) -> ImportResult:
    """All rows in one transaction; a refused row is reported and, at the end, everything is
    rolled back if any row was refused."""
    result = ImportResult()
    errors: list[RowError] = []
    with tx.atomic():
        for write in writes:
            if write.action is None:
                result.unchanged += 1
                continue
            try:
                with tx.atomic(savepoint=True):
                    write.action()
            except DomainError as error:
                errors.append(RowError(write.number, sheet.label(error.field), describe(error)))
                continue
            if write.create:
                result.created += 1
            else:
                result.updated += 1
        if errors:
            transaction.set_rollback(True)
            return ImportResult(errors=errors)
    return result


def given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose cells were filled in (an empty cell keeps the current value)."""
    return {k: v for k, v in values.items() if v is not None}


def changes(record: models.Model, fields: Mapping[str, Any]) -> bool:
    """Whether ``fields`` would change ``record`` (a related record compared by its id, so no
    query is made per row; a field the record does not have counts as a change)."""
    for key, value in fields.items():
        try:
            field = record._meta.get_field(key)
        except FieldDoesNotExist:
            return True
        if field.is_relation:
            current = getattr(record, getattr(field, "attname", key), None)
            if current != getattr(value, "pk", value):
                return True
        elif getattr(record, key) != value:
            return True
    return False


Parsed = list[tuple[Row, str, dict[str, Any]]]  # each row, its code and its values


def upsert(
    sheet: Sheet,
    parsed: Parsed,
    existing: dict[str, Any],
    *,
    create: Callable[..., object],
    update: Callable[..., object],
    target: str,
    actor: Employee,
) -> ImportResult:
    """Create the new codes and update the existing ones that the row changes (a row that
    changes nothing is counted as unchanged, and nothing is written or audited for it), all in
    one transaction."""
    writes = []
    for row, code, values in parsed:
        fields = given(values)
        current = existing.get(code)
        if current is None:
            writes.append(
                Write(row.number, True, partial(create, code=code, actor=actor, **fields))
            )
        elif not changes(current, fields):
            writes.append(Write(row.number, False, None))
        else:
            call = partial(update, **{target: current}, actor=actor, **fields)
            writes.append(Write(row.number, False, call))
    return write_all(sheet, writes)
