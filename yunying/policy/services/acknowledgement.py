"""Employees acknowledge the published regulations in their scope (POL-1); a scheduled check
flags regulations due for review (POL-2)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.checks import Finding
from yunying.core.errors import InvalidTransition, NotAllowed
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.tx import transactional

from .. import selectors
from ..models import Acknowledgement, RegulationVersion
from .rules import State


@transactional
def acknowledge(*, version: RegulationVersion, actor: Employee) -> Acknowledgement:
    """The employee confirms having read the published version (once; repeating is harmless)."""
    if version.state != State.PUBLISHED:
        raise InvalidTransition(_("Only the version in force is acknowledged."), clause="POL-1")
    if not selectors.in_scope(version.regulation, actor):
        raise NotAllowed(_("This regulation does not apply to you."), clause="POL-1")
    existing = Acknowledgement.objects.filter(version=version, employee=actor).first()
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement.objects.create(version=version, employee=actor)
    audit.record(actor=actor, action="policy.acknowledge", obj=version, clause="POL-1")
    return acknowledgement


def check_review_due() -> list[Finding]:
    """Published regulations past their review date (POL-2): a task for the owner's head."""
    today = timezone.localdate()
    findings = []
    for version in selectors.in_force_versions().filter(review_due__lt=today):
        url = f"/regulations/versions/{version.pk}/"
        for head in Employee.objects.filter(
            positions__department=version.regulation.owner_department, positions__is_head=True
        ):
            inbox.open_task(
                assignee=head,
                kind="policy.review_due",
                title=Message(
                    gettext_lazy("Review due: %(regulation)s"), regulation=version.regulation.title
                ),
                source=version,
                url=url,
                clause="POL-2",
            )
        findings.append(
            Finding(
                _("%(title)s v%(version)s was due for review on %(date)s.")
                % {
                    "title": version.regulation.title,
                    "version": version.version_no,
                    "date": version.review_due,
                },
                clause="POL-2",
                url=url,
            )
        )
    return findings
