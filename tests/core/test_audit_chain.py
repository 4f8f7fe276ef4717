"""The audit trail is chained and sealed (SPEC: tamper-evident): editing one event shows, and so
does rewriting one and recomputing every later hash, once the chain is sealed with the key that
lives outside the database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from yunying.core import tx
from yunying.core.models import AuditCheckpoint, AuditEvent
from yunying.core.services import audit, audit_chain


def _events(count: int) -> list[AuditEvent]:
    for n in range(count):
        with tx.atomic():
            audit.record(actor=None, action="test.event", target_type="test", target_id=str(n))
    return list(AuditEvent.objects.order_by("-seq")[:count])[::-1]


def _rewrite(event: AuditEvent, *, recompute_from: int | None) -> None:
    """What someone with database access does: change an event and recompute the hashes of it
    and of every event after it (``recompute_from`` = its sequence), or of nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["forged", event.pk]
        )
    if recompute_from is None:
        return
    prev = AuditEvent.objects.get(seq=recompute_from - 1).hash
    for later in AuditEvent.objects.filter(seq__gte=recompute_from).order_by("seq"):
        later.prev_hash, later.hash = prev, audit.digest(later, prev)
        AuditEvent.objects.filter(pk=later.pk).update(prev_hash=later.prev_hash, hash=later.hash)
        prev = later.hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditchainhead SET hash = %s WHERE id = 1", [prev])


@pytest.mark.django_db
def test_each_event_links_to_the_one_before() -> None:
    first, second, third = _events(3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert second.seq == first.seq + 1 and third.seq == second.seq + 1
    assert audit.digest(second, first.hash) == second.hash


@pytest.mark.django_db
def test_events_of_one_transaction_are_appended_together_at_its_end() -> None:
    before = AuditEvent.objects.count()
    with tx.atomic():
        audit.record(actor=None, action="test.one", target_type="test", target_id="1")
        audit.record(actor=None, action="test.two", target_type="test", target_id="2")
        assert AuditEvent.objects.count() == before  # held until the unit of work ends
    one, two = AuditEvent.objects.order_by("-seq")[:2][::-1]
    assert (one.action, two.action) == ("test.one", "test.two")
    assert two.prev_hash == one.hash
    assert audit_chain.verify().ok


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_event() -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), tx.atomic():
        audit.record(actor=None, action="test.lost", target_type="test", target_id="1")
        raise RuntimeError("the service failed")
    assert AuditEvent.objects.count() == before
    assert audit_chain.verify().ok


@pytest.mark.django_db
def test_an_event_rehashed_alone_breaks_the_link_of_the_next_one() -> None:
    """Fails if events stop being chained: a rewritten event with its own hash recomputed would
    then verify."""
    _first, victim, after = _events(3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET object_repr = 'forged' WHERE id = %s", [victim.pk]
        )
    victim.refresh_from_db()
    AuditEvent.objects.filter(pk=victim.pk).update(hash=audit.digest(victim, victim.prev_hash))
    result = audit_chain.verify()
    assert not result.ok
    assert (result.broken_seq, result.reason) == (after.seq, audit_chain.LINK)


@pytest.mark.django_db
def test_a_rewrite_with_every_later_hash_recomputed_is_caught_by_the_seal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = _events(4)
    checkpoint, failure = audit_chain.seal()
    assert failure is None and checkpoint is not None and checkpoint.seq == events[-1].seq
    _events(2)
    victim = events[1]

    _rewrite(victim, recompute_from=victim.seq)

    result = audit_chain.verify()
    assert not result.ok and result.reason == audit_chain.SEAL_MISMATCH
    # The first event after the last seal that still holds (none before this one).
    previous = AuditCheckpoint.objects.filter(seq__lt=checkpoint.seq).order_by("-seq").first()
    assert result.broken_seq == (previous.seq if previous else 0) + 1
    assert result.broken_seq <= victim.seq
    with pytest.raises(SystemExit):
        call_command("audit", "verify")
    assert f"#{result.broken_seq}" in capsys.readouterr().err
    # The scheduled seal refuses to sign the rewritten chain.
    checkpoint2, failure2 = audit_chain.seal()
    assert checkpoint2 is None and failure2 is not None


@pytest.mark.django_db
def test_the_rewrite_is_located_after_the_last_seal_that_holds() -> None:
    first = _events(2)
    good, _ = audit_chain.seal()
    second = _events(3)
    audit_chain.seal()
    _events(1)
    assert good is not None

    _rewrite(second[1], recompute_from=second[1].seq)

    result = audit_chain.verify()
    assert not result.ok and result.reason == audit_chain.SEAL_MISMATCH
    assert result.last_good_seal == good.seq == first[-1].seq
    assert result.broken_seq == good.seq + 1


@pytest.mark.django_db
def test_a_seal_signed_with_another_key_is_refused() -> None:
    _events(2)
    with override_settings(YUNYING_AUDIT_KEY="somebody-elses-key"):
        forged, _ = audit_chain.seal()
    assert forged is not None
    result = audit_chain.verify()
    assert not result.ok and result.reason == audit_chain.SEAL_FORGED


@pytest.mark.django_db
def test_seal_and_verify_commands(capsys: pytest.CaptureFixture[str]) -> None:
    _events(2)
    call_command("audit", "seal")
    assert "#" in capsys.readouterr().out
    call_command("audit", "seal")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "0 events since" in out or "0 " in out
