"""Writing and verifying the hash-chained audit trail."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..models import AuditChainHead, AuditEvent, Employee

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    """JSON-native form of ``value`` (decimals and dates as strings), as stored and hashed."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _digest(event: AuditEvent, prev_hash: str) -> str:
    payload = json.dumps(
        {
            "seq": event.seq,
            "time": event.occurred_at.astimezone(datetime.UTC).isoformat(),
            "actor": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "type": event.object_type,
            "id": event.object_id,
            "repr": event.object_repr,
            "changes": event.changes,
            "clause": event.clause,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


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
    """Append one event to the chain, inside the caller's transaction.

    The chain head is locked only for the few statements that append; call this last in a
    service so the lock is held for as short a time as possible.
    """
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        head = _lock_head(cursor)
        event = AuditEvent(
            seq=head[0] + 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_name=actor.name if actor else "",
            action=action,
            object_type=object_type(obj) if obj is not None else target_type,
            object_id=str(obj.pk) if obj is not None else target_id,
            object_repr=(str(obj) if obj is not None else target_repr)[:200],
            changes=_plain(dict(changes or {})),
            clause=clause,
            prev_hash=head[1],
        )
        event.hash = _digest(event, head[1])
        # Plain statements: this runs in every service call, so it is kept cheap. PostgreSQL
        # moves the head and appends the event in one statement.
        values: list[Any] = [
            event.seq,
            event.occurred_at,
            event.actor_id,
            event.actor_name,
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False),
            event.clause,
            event.prev_hash,
            event.hash,
        ]
        if connection.vendor == "postgresql":
            cursor.execute(_MOVE_HEAD_AND_INSERT, [event.seq, event.hash, *values])
        else:
            cursor.execute(_INSERT, values)
            cursor.execute(_MOVE_HEAD, [event.seq, event.hash])
        return event


_INSERT = (
    "INSERT INTO core_auditevent (seq, occurred_at, actor_id, actor_name, action, object_type, "
    "object_id, object_repr, changes, clause, prev_hash, hash) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


_MOVE_HEAD = "UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1"
_MOVE_HEAD_AND_INSERT = f"WITH head AS ({_MOVE_HEAD}) {_INSERT}"


def _lock_head(cursor: Any) -> tuple[int, str]:
    """The chain head (sequence, hash), locked until the transaction ends."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    cursor.execute(f"SELECT seq, hash FROM core_auditchainhead WHERE id = 1{lock}")  # noqa: S608
    row = cursor.fetchone()
    if row is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1)
        except IntegrityError:
            pass  # created by a concurrent first writer
        cursor.execute(f"SELECT seq, hash FROM core_auditchainhead WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]), str(row[1])


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(*, chunk_size: int = 2000) -> VerifyResult:
    """Recompute the chain from the first event; report the first event that does not fit."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    events = AuditEvent.objects.order_by("seq")
    for event in events.iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, "missing")
        if event.prev_hash != prev_hash:
            return VerifyResult(False, checked, event.seq, "link")
        if _digest(event, prev_hash) != event.hash:
            return VerifyResult(False, checked, event.seq, "content")
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(False, checked, checked + 1, "truncated")
    return VerifyResult(True, checked)
