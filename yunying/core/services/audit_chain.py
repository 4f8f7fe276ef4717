"""Verifying and sealing the audit chain.

The hash chain shows an edit of one event, but not someone with database access who rewrites an
event and recomputes every later hash. Seals close that gap: a checkpoint signs the newest
event's sequence and hash with an HMAC whose key lives outside the database
(``settings.YUNYING_AUDIT_KEY``), each seal covering the one before it. :func:`seal` runs as a
scheduled check; :func:`verify` recomputes the whole chain and compares it with every seal, and
names the first event after the last seal that still holds when they disagree.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..checks import ERROR, Finding
from ..models import AuditChainHead, AuditCheckpoint, AuditEvent
from ..tx import transactional
from .audit import GENESIS, digest

# Reasons a verification fails.
CONTENT, LINK, MISSING, TRUNCATED, SEAL_MISMATCH, SEAL_FORGED = (
    "content",
    "link",
    "missing",
    "truncated",
    "seal_mismatch",
    "seal_forged",
)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    # The newest seal that still matches the chain (0: none) and what lies after the newest seal.
    last_good_seal: int = 0
    sealed_seq: int = 0
    sealed_at: datetime.datetime | None = None
    unsealed: int = 0


def mac(seq: int, hash_: str, sealed_at: datetime.datetime, previous: str) -> str:
    message = f"{seq}|{hash_}|{sealed_at.astimezone(datetime.UTC).isoformat()}|{previous}"
    key = str(settings.YUNYING_AUDIT_KEY).encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _forged_seal(checkpoints: list[AuditCheckpoint]) -> AuditCheckpoint | None:
    previous = ""
    for checkpoint in checkpoints:
        expected = mac(checkpoint.seq, checkpoint.hash, checkpoint.sealed_at, previous)
        if not hmac.compare_digest(checkpoint.mac, expected):
            return checkpoint
        previous = checkpoint.mac
    return None


def verify(*, chunk_size: int = 2000) -> VerifyResult:
    """Recompute the chain from the first event; compare it with every seal."""
    checkpoints = list(AuditCheckpoint.objects.order_by("seq"))
    forged = _forged_seal(checkpoints)
    if forged is not None:
        good = [c.seq for c in checkpoints if c.seq < forged.seq]
        last = good[-1] if good else 0
        return VerifyResult(False, 0, last + 1, SEAL_FORGED, last_good_seal=last)
    seals = iter(checkpoints)
    next_seal = next(seals, None)
    result = VerifyResult(True, 0)
    if checkpoints:
        result.sealed_seq, result.sealed_at = checkpoints[-1].seq, checkpoints[-1].sealed_at
    prev_hash, expected_seq = GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        reason = ""
        if event.seq != expected_seq:
            reason, event.seq = MISSING, expected_seq
        elif event.prev_hash != prev_hash:
            reason = LINK
        elif digest(event, prev_hash) != event.hash:
            reason = CONTENT
        elif next_seal is not None and event.seq == next_seal.seq:
            if event.hash != next_seal.hash:
                return _broken(result, result.last_good_seal + 1, SEAL_MISMATCH)
            result.last_good_seal = next_seal.seq
            next_seal = next(seals, None)
        if reason:
            return _broken(result, event.seq, reason)
        prev_hash, expected_seq = event.hash, expected_seq + 1
        result.checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    removed = head is not None and (head.seq != result.checked or head.hash != prev_hash)
    if removed or next_seal is not None:
        return _broken(result, result.checked + 1, TRUNCATED)
    result.unsealed = result.checked - result.sealed_seq
    return result


def _broken(result: VerifyResult, seq: int, reason: str) -> VerifyResult:
    result.ok, result.broken_seq, result.reason = False, seq, reason
    return result


@transactional
def seal() -> tuple[AuditCheckpoint | None, VerifyResult | None]:
    """Sign the newest event if the events since the last seal still chain onto it.

    Returns the new checkpoint (``None`` when nothing was added since the last seal), or the
    failed verification of the unsealed part, in which case nothing is sealed.
    """
    if connection.vendor == "postgresql":  # one sealer at a time; writers are not held up
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('yunying.audit.seal'))")
    last = AuditCheckpoint.objects.order_by("-seq").first()
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.seq == (last.seq if last else 0):
        return None, None
    start, prev_hash = (last.seq, last.hash) if last else (0, GENESIS)
    failure = _check_since(start, prev_hash, head)
    if failure is not None:
        return None, failure
    sealed_at = timezone.now()
    checkpoint = AuditCheckpoint.objects.create(
        seq=head.seq,
        hash=head.hash,
        sealed_at=sealed_at,
        mac=mac(head.seq, head.hash, sealed_at, last.mac if last else ""),
    )
    return checkpoint, None


def _check_since(start: int, prev_hash: str, head: AuditChainHead) -> VerifyResult | None:
    events = AuditEvent.objects.filter(seq__gte=max(start, 1), seq__lte=head.seq).order_by("seq")
    expected_seq = start + 1
    for event in events.iterator(chunk_size=2000):
        if event.seq == start:  # the sealed event itself must still carry the sealed hash
            if event.hash != prev_hash:
                return VerifyResult(False, 0, start, SEAL_MISMATCH)
            continue
        if event.seq != expected_seq:
            return VerifyResult(False, 0, expected_seq, MISSING)
        if event.prev_hash != prev_hash:
            return VerifyResult(False, 0, event.seq, LINK)
        if digest(event, prev_hash) != event.hash:
            return VerifyResult(False, 0, event.seq, CONTENT)
        prev_hash, expected_seq = event.hash, expected_seq + 1
    if expected_seq != head.seq + 1 or prev_hash != head.hash:
        return VerifyResult(False, 0, expected_seq, TRUNCATED)
    return None


def describe(result: VerifyResult) -> str:
    """What a failed verification found, for a person to read."""
    seq, good = result.broken_seq, result.last_good_seal
    reasons = {
        CONTENT: _("its content does not match its hash"),
        LINK: _("it does not link to the event before it"),
        MISSING: _("it is missing"),
        TRUNCATED: _("events after #%(seq)s were removed") % {"seq": (seq or 1) - 1},
        SEAL_MISMATCH: _(
            "the events were rewritten after the last valid seal (#%(good)s) and no longer "
            "match the seals; the first event after it is #%(seq)s"
        )
        % {"good": good, "seq": seq},
        SEAL_FORGED: _(
            "a seal after #%(good)s was not signed with this installation's audit key "
            "(YUNYING_AUDIT_KEY); the first event after the last valid seal is #%(seq)s"
        )
        % {"good": good, "seq": seq},
    }
    return _("Audit chain broken at event #%(seq)s: %(reason)s.") % {
        "seq": seq,
        "reason": reasons.get(result.reason, result.reason),
    }


def seal_check() -> list[Finding]:
    """The scheduled seal: an error finding when the events since the last seal are broken."""
    _checkpoint, failure = seal()
    if failure is None:
        return []
    return [Finding(describe(failure), severity=ERROR, url="/audit/")]
