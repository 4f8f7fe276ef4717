"""Reading satisfaction surveys (SVC-4): the rule in force, the signed link a customer answers
through, and the surveys staff may see (ORG-2: the team's supervisor, the handler their own).

The link carries the survey's id and its random nonce, signed with the site's key and stamped
with the moment it was sent, so the same survey always has the same link and a link older than
the rule's days is refused even before the database is asked."""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from yunying.core import access
from yunying.core.models import Employee
from yunying.policy import selectors as policy

from ..models import Survey

RULE = "service.surveys"
SALT = "service.survey"
# Used until a regulation in force sets the rule (the default regulation sets the same).
DEFAULT_SETTING: dict[str, Any] = {"after_case": True, "periodic_months": 6, "expires_days": 14}
READERS = ("service.view_case", "service.handle_case", "service.supervise")


def setting() -> dict[str, Any]:
    rule = policy.rule_in_force(RULE)
    return {**DEFAULT_SETTING, **(rule.value if rule is not None else {})}


class _SentSigner(signing.TimestampSigner):
    """Stamps the link with the moment the survey was sent, not the moment it is shown."""

    def __init__(self, sent_at: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent_at = sent_at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.sent_at.timestamp()))


def token_for(survey: Survey) -> str:
    return _SentSigner(survey.sent_at, salt=SALT).sign_object([survey.pk, survey.nonce])


def link_for(survey: Survey) -> str:
    """The absolute address the customer answers at (no account needed)."""
    return settings.SITE_URL + reverse("survey:answer", args=[token_for(survey)])


@dataclass(frozen=True)
class Opened:
    """What a link leads to: ``state`` is ``valid``, ``answered``, ``expired`` or ``invalid``
    (tampered, or naming no survey); ``survey`` is set unless invalid."""

    state: str
    survey: Survey | None = None


def open_link(token: str) -> Opened:
    """The survey behind ``token``, and whether it may still be answered."""
    expired = False
    try:
        days = int(setting()["expires_days"])
        pk, nonce = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=datetime.timedelta(days=days)
        )
    except signing.SignatureExpired:
        expired = True
        pk, nonce = signing.TimestampSigner(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return Opened("invalid")
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return Opened("invalid")
    survey = (
        Survey.objects.select_related("customer", "case").filter(pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if survey is None or not hmac.compare_digest(survey.nonce, nonce):
        return Opened("invalid")
    if survey.answered_at is not None:
        return Opened("answered", survey)
    if expired or survey.expires_at <= timezone.now():
        return Opened("expired", survey)
    return Opened("valid", survey)


def surveys_visible_to(actor: Employee | None) -> QuerySet[Survey]:
    """The surveys about the teams and people in the actor's scope for any reading permission
    of service cases."""
    rows = Survey.objects.select_related("customer", "case", "team", "person", "region")
    conditions = [access.scope_filter(Survey, actor, code) for code in READERS]
    if any(condition is None for condition in conditions):
        return rows
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition  # type: ignore[operator]
    return rows.filter(combined)


def may_see_surveys(actor: Employee | None) -> bool:
    return any(access.has_perm(actor, code) for code in READERS)


def survey_of_case(case_id: int) -> Survey | None:
    return Survey.objects.filter(case_id=case_id).first()
