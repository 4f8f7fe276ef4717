"""The contact log (COMM-3): a contact with one party, its follow-ups as tasks in their owners'
inboxes, done from the record or from 我的待办, and the scope of who reads the log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Task
from yunying.core.services import inbox
from yunying.crm.models import ContactRecord, FollowUp
from yunying.crm.permissions import FOLLOW_UP_TASK
from yunying.crm.services import contacts
from yunying.crm.services.contacts import FollowUpInput
from yunying.masterdata.models import Contact, Customer, Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.clause("COMM-3")]


def _customer() -> Customer:
    return Customer.objects.filter(active=True).order_by("code").first()  # type: ignore[return-value]


def _log(people: Any, username: str = "cs_lead", **overrides: Any) -> ContactRecord:
    values: dict[str, Any] = {
        "actor": people(username),
        "customer": _customer(),
        "kind": ContactRecord.Kind.VISIT,
        "occurred_at": timezone.now() - datetime.timedelta(hours=2),
        "subject": "季度回访",
        "notes": "客户询问新品交期",
    }
    values.update(overrides)
    return contacts.log_contact(**values)


def test_follow_up_gives_its_owner_a_task_and_done_closes_both(people: Any) -> None:
    owner = people("cs_agent")
    due = timezone.localdate() + datetime.timedelta(days=3)
    record = _log(
        people,
        participants=[people("cs_lead"), owner],
        follow_ups=[FollowUpInput(owner=owner, due_on=due, text="寄送样品")],
    )
    assert record.number.startswith("CT")
    follow_up = record.follow_ups.get()
    task = Task.objects.get(kind=FOLLOW_UP_TASK, assignee=owner, state=Task.State.OPEN)
    assert follow_up.task == task
    assert timezone.localtime(task.due_at).date() == due
    assert task.clause == "COMM-3"
    assert f"/crm/contacts/{record.pk}/" == task.url
    assert not follow_up.done

    done = contacts.finish_follow_up(actor=owner, follow_up=follow_up)
    task.refresh_from_db()
    assert task.state == Task.State.DONE and task.closed_by == owner
    assert done.done


def test_completing_the_task_in_the_inbox_finishes_the_follow_up(people: Any) -> None:
    owner = people("cs_agent")
    record = _log(
        people,
        follow_ups=[FollowUpInput(owner=owner, due_on=timezone.localdate(), text="回电确认")],
    )
    follow_up = record.follow_ups.get()
    inbox.complete_task(task=follow_up.task, actor=owner)  # type: ignore[arg-type]
    assert FollowUp.objects.select_related("task").get(pk=follow_up.pk).done


def test_only_the_owner_finishes_a_follow_up(people: Any) -> None:
    record = _log(
        people,
        follow_ups=[FollowUpInput(owner=people("cs_agent"), due_on=timezone.localdate(), text="x")],
    )
    with pytest.raises(NotAllowed):
        contacts.finish_follow_up(actor=people("cs_lead"), follow_up=record.follow_ups.get())


@pytest.mark.parametrize("parties", ["both", "neither"])
def test_a_record_names_exactly_one_party(people: Any, parties: str) -> None:
    supplier = Supplier.objects.order_by("code").first()
    customer = _customer() if parties == "both" else None
    with pytest.raises(ValidationFailed) as refused:
        _log(
            people,
            "ops_manager",
            customer=customer,
            supplier=supplier if parties == "both" else None,
        )
    assert refused.value.field == "customer"
    assert not ContactRecord.objects.exists()


def test_a_contact_cannot_lie_in_the_future_nor_name_another_partys_person(people: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _log(people, occurred_at=timezone.now() + datetime.timedelta(days=1))
    assert refused.value.field == "occurred_at"
    other = Contact.objects.exclude(customer=_customer()).first()
    if other is None:
        other = Contact.objects.create(supplier=Supplier.objects.first(), name="钱经理")
    with pytest.raises(ValidationFailed) as refused:
        _log(people, contact=other)
    assert refused.value.field == "contact"


def test_follow_up_due_before_the_contact_is_refused(people: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _log(
            people,
            follow_ups=[
                FollowUpInput(
                    owner=people("cs_agent"),
                    due_on=timezone.localdate() - datetime.timedelta(days=5),
                    text="x",
                )
            ],
        )
    assert refused.value.field == "follow_ups[0].due_on"
    assert not Task.objects.filter(kind=FOLLOW_UP_TASK).exists()


def test_the_author_edits_for_a_week_only(people: Any) -> None:
    record = _log(people)
    updated = contacts.update_contact(
        actor=people("cs_lead"),
        record=record,
        kind=ContactRecord.Kind.CALL,
        occurred_at=record.occurred_at,
        subject="电话回访",
    )
    assert updated.subject == "电话回访"
    with pytest.raises(NotAllowed):
        contacts.update_contact(
            actor=people("cs_agent"),
            record=record,
            kind="call",
            occurred_at=record.occurred_at,
            subject="x",
        )
    ContactRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    record.refresh_from_db()
    with pytest.raises(NotAllowed):
        contacts.update_contact(
            actor=people("cs_lead"),
            record=record,
            kind="call",
            occurred_at=record.occurred_at,
            subject="x",
        )


def test_outside_the_scope_a_record_is_a_404(people: Any, web: Any) -> None:
    record = _log(people, "ops_supervisor")
    assert web("ops_supervisor").get(f"/crm/contacts/{record.pk}/").status_code == 200
    assert web("ops_manager").get(f"/crm/contacts/{record.pk}/").status_code == 200  # subtree
    assert web("cs_agent").get(f"/crm/contacts/{record.pk}/").status_code == 404  # own only
    assert web("buyer").get(f"/crm/contacts/{record.pk}/").status_code == 404  # another department


def test_the_owner_of_a_follow_up_opens_the_record_and_marks_it_done(people: Any, web: Any) -> None:
    record = _log(
        people,
        "ops_supervisor",
        follow_ups=[FollowUpInput(owner=people("cs_agent"), due_on=timezone.localdate(), text="x")],
    )
    client = web("cs_agent")
    assert client.get(f"/crm/contacts/{record.pk}/").status_code == 200
    follow_up = record.follow_ups.get()
    response = client.post(f"/crm/follow-ups/{follow_up.pk}/done/")
    assert response.status_code == 302
    assert FollowUp.objects.select_related("task").get(pk=follow_up.pk).done


def test_the_search_box_finds_a_record_only_within_the_scope(people: Any) -> None:
    from yunying.core import search

    record = _log(people, "ops_supervisor")

    def found(username: str) -> list[str]:
        groups = search.search(people(username), record.number)
        return [hit.label for g in groups if g.name == "crm.contacts" for hit in g.hits]

    assert found("ops_manager") == [record.number]
    assert found("buyer") == []
