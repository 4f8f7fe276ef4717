"""Gap-free document numbers per type and year: ``PP-2026-00001``."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import DocumentSequence

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
