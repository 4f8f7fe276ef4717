"""Writing and verifying the hash-chained audit trail."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
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
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            try:
                with transaction.atomic():
                    AuditChainHead.objects.create(pk=1)
            except IntegrityError:
                pass  # created by a concurrent first writer
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_name=actor.name if actor else "",
            action=action,
            object_type=object_type(obj) if obj is not None else target_type,
            object_id=str(obj.pk) if obj is not None else target_id,
            object_repr=(str(obj) if obj is not None else target_repr)[:200],
            changes=_plain(dict(changes or {})),
            clause=clause,
            prev_hash=head.hash,
        )
        event.hash = _digest(event, head.hash)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
        return event


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
