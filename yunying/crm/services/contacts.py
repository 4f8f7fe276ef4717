"""The contact log (COMM-3): logging a contact with a customer or a supplier, its follow-ups as
tasks in their owners' inboxes, editing by the author for ``EDIT_DAYS`` days, finishing a
follow-up (which closes its task; completing the task in 我的待办 finishes the follow-up too,
since a follow-up is done when its task is)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core import access
from yunying.core.errors import NotAllowed, NotFound, ValidationFailed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.tx import transactional
from yunying.masterdata import readers
from yunying.masterdata.models import Contact, Customer, Supplier

from ..models import ContactRecord, FollowUp, Promotion
from ..permissions import EDIT_DAYS, FOLLOW_UP_TASK, LOG_CONTACT
from .promotions import check_carried

CLAUSE = "COMM-3"


@dataclass(frozen=True)
class FollowUpInput:
    owner: Employee
    due_on: datetime.date
    text: str


def _party(
    actor: Employee, customer: Customer | None, supplier: Supplier | None
) -> Customer | Supplier:
    """The one party of the record, which the actor must be able to read (else 404)."""
    if (customer is None) == (supplier is None):
        raise ValidationFailed(
            _("Name either a customer or a supplier, not both and not neither."), field="customer"
        )
    party: Customer | Supplier
    if customer is not None:
        found = readers.readable(Customer.objects.filter(pk=customer.pk), actor).exists()
        field, party, missing = "customer", customer, _("No such customer.")
    else:
        assert supplier is not None  # noqa: S101 (one of them is given, checked above)
        found = readers.readable(Supplier.objects.filter(pk=supplier.pk), actor).exists()
        field, party, missing = "supplier", supplier, _("No such supplier.")
    if not found:
        raise NotFound(missing, field=field)
    return party


def _check_when(occurred_at: datetime.datetime) -> None:
    if timezone.is_naive(occurred_at):
        raise ValidationFailed(_("Give the time with its time zone."), field="occurred_at")
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationFailed(_("A contact cannot lie in the future."), field="occurred_at")


def _check_contact(party: Customer | Supplier, contact: Contact | None) -> None:
    if contact is None:
        return
    mine = (
        contact.customer_id == party.pk
        if isinstance(party, Customer)
        else (contact.supplier_id == party.pk)
    )
    if not mine:
        raise ValidationFailed(
            _("%(name)s is not a contact person of this party.") % {"name": contact.name},
            field="contact",
        )


def _check_follow_ups(
    follow_ups: Sequence[FollowUpInput], occurred_at: datetime.datetime, start: int = 0
) -> None:
    day = timezone.localtime(occurred_at).date()
    for index, follow_up in enumerate(follow_ups, start=start):
        if not follow_up.owner.active:
            raise ValidationFailed(
                _("%(name)s no longer works here.") % {"name": follow_up.owner.name},
                field=f"follow_ups[{index}].owner",
            )
        if follow_up.due_on < day:
            raise ValidationFailed(
                _("A follow-up cannot be due before the contact."),
                field=f"follow_ups[{index}].due_on",
            )
        if not follow_up.text.strip():
            raise ValidationFailed(_("Say what to do."), field=f"follow_ups[{index}].text")


def _check_promotion(
    party: Customer | Supplier, promotion: Promotion | None, occurred_at: datetime.datetime
) -> None:
    """A lead of a promotion: the promotion approved and running on the day (MKT-2)."""
    if promotion is None:
        return
    region = party.region if isinstance(party, Customer) else None
    check_carried(promotion, timezone.localtime(occurred_at).date(), region)


def _due_at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


def _open_follow_ups(
    record: ContactRecord, party: Customer | Supplier, follow_ups: Sequence[FollowUpInput]
) -> list[FollowUp]:
    made = []
    for data in follow_ups:
        follow_up = FollowUp.objects.create(
            record=record, owner=data.owner, due_on=data.due_on, text=data.text.strip()
        )
        follow_up.task = inbox.open_task(
            assignee=data.owner,
            kind=FOLLOW_UP_TASK,
            title=Message(
                gettext_lazy("Follow up with %(party)s: %(text)s"),
                party=party.name,
                text=follow_up.text,
            ),
            body=Message(
                gettext_lazy("From contact %(number)s: %(subject)s"),
                number=record.number,
                subject=record.subject,
            ),
            source=follow_up,
            url=reverse("crm:contact", args=[record.pk]),
            clause=CLAUSE,
            due_at=_due_at(data.due_on),
        )
        follow_up.save(update_fields=["task"])
        made.append(follow_up)
    return made


@transactional
def log_contact(
    *,
    actor: Employee,
    kind: str,
    occurred_at: datetime.datetime,
    subject: str,
    customer: Customer | None = None,
    supplier: Supplier | None = None,
    contact: Contact | None = None,
    participants: Sequence[Employee] = (),
    notes: str = "",
    follow_ups: Sequence[FollowUpInput] = (),
    promotion: Promotion | None = None,
) -> ContactRecord:
    """Log a contact with one customer or one supplier; each follow-up becomes a task in its
    owner's inbox, due on its day (COMM-3). A contact arising from a promotion is its lead
    (MKT-2)."""
    access.require(actor, LOG_CONTACT)
    party = _party(actor, customer, supplier)
    if kind not in ContactRecord.Kind.values:
        raise ValidationFailed(_("Choose the kind of contact."), field="kind")
    _check_when(occurred_at)
    _check_contact(party, contact)
    _check_follow_ups(follow_ups, occurred_at)
    _check_promotion(party, promotion, occurred_at)
    record = ContactRecord.objects.create(
        number=next_number(ContactRecord.NUMBER_PREFIX),
        department=actor.department,
        created_by=actor,
        customer=customer,
        supplier=supplier,
        contact=contact,
        kind=kind,
        occurred_at=occurred_at,
        subject=subject.strip(),
        notes=notes.strip(),
        promotion=promotion,
    )
    record.participants.set(participants)
    _open_follow_ups(record, party, follow_ups)
    audit.record(
        actor=actor,
        action="crm.log_contact",
        obj=record,
        changes={
            "party": str(party),
            "kind": kind,
            "follow_ups": len(follow_ups),
            "promotion": promotion.number if promotion else None,
        },
        clause=CLAUSE,
    )
    return record


def may_edit(actor: Employee, record: ContactRecord) -> bool:
    """The author edits a record for ``EDIT_DAYS`` days after logging it."""
    age = timezone.now() - record.created_at
    return record.created_by_id == actor.pk and age <= datetime.timedelta(days=EDIT_DAYS)


def _locked(record: ContactRecord) -> ContactRecord:
    return ContactRecord.objects.select_for_update(no_key=True).get(pk=record.pk)


@transactional
def update_contact(
    *,
    actor: Employee,
    record: ContactRecord,
    kind: str,
    occurred_at: datetime.datetime,
    subject: str,
    contact: Contact | None = None,
    participants: Sequence[Employee] = (),
    notes: str = "",
    follow_ups: Sequence[FollowUpInput] = (),
    promotion: Promotion | None = None,
) -> ContactRecord:
    """Correct a record: only its author, within ``EDIT_DAYS`` days; the party stays. New
    follow-ups are added (those given before stay, done or not). A promotion named before
    stays valid after it closed; a newly named one must be running (MKT-2)."""
    record = _locked(record)
    if not may_edit(actor, record):
        raise NotAllowed(
            _("Only its author edits a contact record, within %(days)s days.") % {"days": EDIT_DAYS}
        )
    if kind not in ContactRecord.Kind.values:
        raise ValidationFailed(_("Choose the kind of contact."), field="kind")
    _check_when(occurred_at)
    party: Customer | Supplier = record.customer or record.supplier  # type: ignore[assignment]
    _check_contact(party, contact)
    _check_follow_ups(follow_ups, occurred_at, start=record.follow_ups.count())
    if promotion is not None and promotion.pk != record.promotion_id:
        _check_promotion(party, promotion, occurred_at)
    before: dict[str, Any] = {
        "subject": record.subject,
        "kind": record.kind,
        "promotion": record.promotion_id,
    }
    record.kind, record.occurred_at, record.contact = kind, occurred_at, contact
    record.promotion = promotion
    record.subject, record.notes = subject.strip(), notes.strip()
    record.save()
    record.participants.set(participants)
    _open_follow_ups(record, party, follow_ups)
    audit.record(
        actor=actor,
        action="crm.update_contact",
        obj=record,
        changes={"before": before, "subject": record.subject, "kind": kind},
        clause=CLAUSE,
    )
    return record


@transactional
def finish_follow_up(*, actor: Employee, follow_up: FollowUp) -> FollowUp:
    """The owner marks a follow-up done: its task in 我的待办 is closed."""
    follow_up = FollowUp.objects.select_for_update(no_key=True).get(pk=follow_up.pk)
    if follow_up.owner_id != actor.pk:
        raise NotAllowed(_("Only the owner of a follow-up marks it done."))
    inbox.close_tasks(kind=FOLLOW_UP_TASK, source=follow_up, by=actor)
    audit.record(
        actor=actor,
        action="crm.finish_follow_up",
        obj=follow_up.record,
        changes={"follow_up": follow_up.text},
        clause=CLAUSE,
    )
    return FollowUp.objects.select_related("task", "owner").get(pk=follow_up.pk)
