from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from yunying.core.models import AuditEvent
from yunying.core.services import audit_chain as audit
from yunying.core.services.numbering import next_number


@pytest.mark.django_db
def test_numbers_run_per_prefix_and_year_without_gaps() -> None:
    with transaction.atomic():
        first = next_number("TT")
        second = next_number("TT")
        other = next_number("XX")
    assert first.endswith("-00001") and second.endswith("-00002")
    assert other.startswith("XX-") and other.endswith("-00001")


@pytest.mark.django_db
def test_a_rolled_back_document_gives_its_number_back() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number("RB")
        raise RuntimeError("the document failed to save")
    with transaction.atomic():
        assert next_number("RB").endswith("-00001")


@pytest.mark.django_db
def test_audit_chain_verifies_and_names_the_tampered_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert audit.verify().ok  # the organisation set-up is already in the chain
    events = list(AuditEvent.objects.order_by("seq")[:5])
    victim = events[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["forged", victim.pk]
        )
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == victim.seq
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"#{victim.seq}" in capsys.readouterr().err


@pytest.mark.django_db
def test_deleting_the_newest_event_is_detected() -> None:
    newest = AuditEvent.objects.order_by("-seq").first()
    assert newest is not None
    AuditEvent.objects.filter(pk=newest.pk).delete()
    result = audit.verify()
    assert not result.ok and result.reason == "truncated"
