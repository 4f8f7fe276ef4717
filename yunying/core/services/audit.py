"""Writing the hash-chained audit trail.

Each event's hash covers its content and the hash of the event before it. Events recorded in a
service transaction are kept until the transaction's end and appended there in one statement
(``core.tx``): the chain head is locked only for that last append, until COMMIT, so unrelated
writes never wait on each other because of the trail. ``audit_chain`` verifies and seals it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..models import AuditChainHead, AuditEvent, Employee

GENESIS = "0" * 64

_dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def _plain(value: Any) -> Any:
    """JSON-native form of ``value`` (decimals and dates as strings), as stored and hashed."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def payload_parts(event: AuditEvent) -> tuple[str, str]:
    """The event's canonical JSON split around its sequence number: ``left + seq + right`` is
    the sorted, compact JSON of every hashed field. The database appends with the same text."""
    fields = {
        "time": event.occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "type": event.object_type,
        "id": event.object_id,
        "repr": event.object_repr,
        "changes": event.changes,
        "clause": event.clause,
    }
    before = _dumps({k: v for k, v in fields.items() if k < "seq"})
    after = _dumps({k: v for k, v in fields.items() if k > "seq"})
    return before[:-1] + ',"seq":', "," + after[1:]


def digest(event: AuditEvent, prev_hash: str) -> str:
    left, right = payload_parts(event)
    return hashlib.sha256(f"{prev_hash}{left}{event.seq}{right}".encode()).hexdigest()


def object_type(obj: models.Model | type[models.Model]) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        key: [before.get(key), after.get(key)]
        for key in keys
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def record(
    *,
    actor: Employee | None,
    action: str,
    obj: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    changes: Mapping[str, Any] | None = None,
    clause: str = "",
) -> AuditEvent:
    """Record one event of the current service transaction.

    In a unit of work (``core.tx``) the event joins the chain when the unit ends; outside one it
    is appended at once, in the caller's transaction.
    """
    from yunying.core import tx

    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor,
        actor_name=actor.name if actor else "",
        action=action,
        object_type=object_type(obj) if obj is not None else target_type,
        object_id=str(obj.pk) if obj is not None else target_id,
        object_repr=(str(obj) if obj is not None else target_repr)[:200],
        changes=_plain(dict(changes or {})),
        clause=clause,
    )
    unit = tx.current()
    if unit is not None:
        unit.events.append(event)
    else:
        with transaction.atomic(savepoint=False):
            flush([event])
    return event


def flush(events: Sequence[AuditEvent]) -> None:
    """Append ``events`` to the chain: one statement on PostgreSQL, which locks the head, hashes
    each event onto the one before it, inserts them and moves the head."""
    if not events:
        return
    if connection.vendor == "postgresql":
        _append_in_database(events)
    else:
        _append_here(events)


_COLUMNS = (
    "seq, occurred_at, actor_id, actor_name, action, object_type, object_id, object_repr, "
    "changes, clause, prev_hash, hash"
)
_LINK = (
    "e{n} AS (SELECT p.seq + 1 AS seq, p.hash AS prev, encode(sha256(convert_to("
    "p.hash || %s || (p.seq + 1)::text || %s, 'UTF8')), 'hex') AS hash FROM {prev} p)"
)
_ROW = (
    "SELECT e{n}.seq, %s::timestamptz, %s::bigint, %s, %s, %s, %s, %s, %s::jsonb, %s, "
    "e{n}.prev, e{n}.hash FROM e{n}"
)

_APPEND = (
    "WITH head AS (SELECT seq, hash FROM core_auditchainhead WHERE id = 1 FOR NO KEY UPDATE), "
    "{links}, appended AS (INSERT INTO core_auditevent ({columns}) {rows} "
    "RETURNING seq, prev_hash, hash), "
    "moved AS (UPDATE core_auditchainhead h SET seq = {last}.seq, hash = {last}.hash "
    "FROM {last} WHERE h.id = 1) "
    "SELECT seq, prev_hash, hash FROM appended ORDER BY seq"
)


def _append_in_database(events: Sequence[AuditEvent]) -> None:
    links: list[str] = []
    rows: list[str] = []
    params: list[Any] = []
    row_params: list[Any] = []
    for n, event in enumerate(events, start=1):
        links.append(_LINK.format(n=n, prev="head" if n == 1 else f"e{n - 1}"))
        params += payload_parts(event)
        rows.append(_ROW.format(n=n))
        row_params += [
            event.occurred_at,
            event.actor_id,
            event.actor_name,
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False),
            event.clause,
        ]
    last = f"e{len(events)}"
    # Only fixed text and CTE names are formatted in; every value is a parameter.
    sql = _APPEND.format(
        links=", ".join(links), rows=" UNION ALL ".join(rows), columns=_COLUMNS, last=last
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + row_params)
        appended = cursor.fetchall()
        if not appended:  # a new database: the head row comes first
            _create_head()
            cursor.execute(sql, params + row_params)
            appended = cursor.fetchall()
    for event, (seq, prev_hash, hash_) in zip(events, appended, strict=True):
        event.seq, event.prev_hash, event.hash = seq, prev_hash, hash_


def _append_here(events: Sequence[AuditEvent]) -> None:
    """SQLite (one writer at a time): hash in Python, insert the events, move the head."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM core_auditchainhead WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
        if row is None:
            _create_head()
            row = (0, GENESIS)
        seq, prev = int(row[0]), str(row[1])
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, prev
            event.hash = prev = digest(event, event.prev_hash)
        AuditEvent.objects.bulk_create(events)
        cursor.execute(
            "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1", [seq, prev]
        )


_MOVE_HEAD = "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1"


def _create_head() -> None:
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=1)
    except IntegrityError:
        pass  # created by a concurrent first writer
