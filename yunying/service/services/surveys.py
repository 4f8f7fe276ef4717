"""Customer satisfaction surveys (SVC-4): one after each resolved case, one per customer and
period as the rule ``service.surveys`` sets, answered once (a score of 1 to 5 and a comment)
through a signed link that needs no account.

The link goes by e-mail to the customer's contacts once the sending commits; the case page
shows it to the handler as well, so a customer without a usable address still gets it (by
WeChat, say). A survey is written whatever becomes of its e-mail."""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yunying.core import selectors as core
from yunying.core.checks import Finding
from yunying.core.errors import RuleViolation, ValidationFailed
from yunying.core.models import Department, Employee
from yunying.core.services import audit
from yunying.core.tx import transactional
from yunying.masterdata.models import Contact, Customer

from ..models import ServiceCase, Survey
from ..selectors.surveys import link_for, setting
from . import assignment

logger = logging.getLogger("yunying.service")
CLAUSE = "SVC-4"
COMMENT_MAX = 2000
RESOLVED = frozenset({"resolved", "customer_confirmed", "closed"})


def _new(
    customer: Customer, team: Department, person: Employee | None, days: int, **fields: object
) -> Survey:
    now = timezone.now()
    return Survey(
        customer=customer,
        team=team,
        person=person,
        region_id=customer.region_id,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=days),
        nonce=secrets.token_urlsafe(16),
        **fields,
    )


@transactional
def send_after_case(*, case: ServiceCase, actor: Employee | None) -> Survey | None:
    """The survey about a resolved case (SVC-4), sent once per case: answers the case's survey,
    ``None`` when the rule in force sends none after cases. Called when a case is resolved;
    ``actor`` is who resolved it (``None`` for the system)."""
    case = (
        ServiceCase.objects.select_for_update(no_key=True)
        .select_related("customer")
        .get(pk=case.pk)
    )
    existing = Survey.objects.filter(case=case).first()
    if existing is not None:
        return existing
    rule = setting()
    if not rule["after_case"]:
        return None
    if case.state not in RESOLVED:
        raise ValidationFailed(_("The case is not resolved yet."), field="case", clause=CLAUSE)
    survey = _new(
        case.customer,
        case.team,
        case.assignee,
        int(rule["expires_days"]),
        case=case,
        reason=Survey.Reason.AFTER_CASE,
    )
    survey.save()
    audit.record(
        actor=actor,
        action="service.survey_sent",
        obj=case,
        changes={"survey": survey.pk, "customer": case.customer.name},
        clause=CLAUSE,
    )
    _mail_on_commit([survey])
    return survey


def period_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the period of ``months`` months (counted from January) holding ``day``."""
    months = max(1, min(12, months))
    return datetime.date(day.year, 1 + (day.month - 1) // months * months, 1)


@transactional
def send_periodic(*, today: datetime.date | None = None) -> list[Survey]:
    """The periodic surveys (SVC-4): each active customer without one for the current period
    gets one; running again in the same period sends nothing. Answers the surveys sent."""
    rule = setting()
    months = int(rule["periodic_months"] or 0)
    if months <= 0:
        return []
    start = period_start(today or timezone.localdate(), months)
    team = assignment.default_team()
    surveyed = Survey.objects.filter(
        customer=OuterRef("pk"), reason=Survey.Reason.PERIODIC, period_start=start
    )
    customers = (
        Customer.objects.filter(~Exists(surveyed), active=True)
        .select_related("department", "owner")
        .order_by("pk")
    )
    fresh = [
        _new(
            customer,
            team or customer.department,
            customer.owner,
            int(rule["expires_days"]),
            reason=Survey.Reason.PERIODIC,
            period_start=start,
        )
        for customer in customers
    ]
    # A run at the same moment may have written some: those are left out, not sent twice.
    Survey.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    sent = list(
        Survey.objects.filter(nonce__in=[s.nonce for s in fresh], period_start=start)
        .select_related("customer")
        .order_by("pk")
    )
    if sent:
        audit.record(
            actor=None,
            action="service.surveys_sent",
            target_type="service.survey",
            target_id=start.isoformat(),
            target_repr=str(_("Periodic satisfaction surveys")),
            changes={"period": start.isoformat(), "customers": len(sent)},
            clause=CLAUSE,
        )
        _mail_on_commit(sent)
    return sent


def periodic_check() -> list[Finding]:
    """The scheduled check ``service.surveys``: sends what is due; nothing to report."""
    send_periodic()
    return []


@transactional
def answer(*, survey: Survey, score: object, comment: str = "") -> Survey:
    """The customer's answer (SVC-4): a score of 1 to 5 and a comment, taken once and only
    before the link expires. Two answers at the same moment: the survey's lock lets one
    count, the other is refused as already answered."""
    value = _score(score)
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(
            _("Keep the comment within %(count)d characters.") % {"count": COMMENT_MAX},
            field="comment",
        )
    survey = Survey.objects.select_for_update(no_key=True).get(pk=survey.pk)
    if survey.answered_at is not None:
        raise RuleViolation(
            _("This survey has already been answered. Thank you."),
            code="survey_answered",
            clause=CLAUSE,
        )
    now = timezone.now()
    if survey.expires_at <= now:
        raise RuleViolation(
            _("This survey link has expired."), code="survey_expired", clause=CLAUSE
        )
    survey.score, survey.comment, survey.answered_at = value, text, now
    survey.save(update_fields=["score", "comment", "answered_at"])
    audit.record(
        actor=None,
        action="service.survey_answered",
        obj=survey,
        changes={"score": value, "comment": text},
        clause=CLAUSE,
    )
    return survey


def _score(score: object) -> int:
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        raise ValidationFailed(_("Choose a score from 1 to 5."), field="score", clause=CLAUSE)
    return value


# ------------------------------------------------------------------------------------ e-mail


def _addresses(customers: Iterable[Customer]) -> dict[int, list[str]]:
    """Each customer's usable addresses: its contacts' e-mails, else its own (one query)."""
    found: dict[int, list[str]] = {}
    by_id = {customer.pk: customer for customer in customers}
    rows = Contact.objects.filter(customer_id__in=by_id).exclude(email="")
    for customer_id, email in rows.values_list("customer_id", "email").order_by("pk"):
        found.setdefault(customer_id, []).append(email)
    for pk, customer in by_id.items():
        if not found.get(pk) and customer.email:
            found[pk] = [customer.email]
    return {pk: [a for a in dict.fromkeys(found.get(pk, [])) if _usable(a)] for pk in by_id}


def _usable(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _messages(surveys: list[Survey]) -> list[tuple[str, str, None, list[str]]]:
    addresses = _addresses(survey.customer for survey in surveys)
    company = core.company()
    name = company.name if company else _("Yunying")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for survey in surveys:
            subject = _("%(company)s: how satisfied are you with our service?") % {"company": name}
            body = _(
                "Dear customer,\n\nplease tell us how satisfied you are with our service: open "
                "the link below, choose a score from 1 to 5 and add a comment if you like. The "
                "link works once, until %(until)s.\n\n%(link)s\n\n%(company)s"
            ) % {
                "until": timezone.localtime(survey.expires_at).strftime("%Y-%m-%d"),
                "link": link_for(survey),
                "company": name,
            }
            messages += [(subject, body, None, [a]) for a in addresses[survey.customer_id]]
    return messages


def _deliver(messages: list[tuple[str, str, None, list[str]]]) -> None:
    try:
        send_mass_mail(tuple(messages), fail_silently=False)
    except Exception:  # a mail server down must not undo the surveys: the link stays shown
        logger.exception("satisfaction survey e-mail not sent")


def _mail_on_commit(surveys: list[Survey]) -> None:
    messages = _messages(surveys)
    if messages:
        transaction.on_commit(partial(_deliver, messages), robust=True)
