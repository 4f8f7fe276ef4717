"""Scheduled check: approval steps waiting longer than the regulation allows (POL-2)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.checks import Finding
from yunying.core.messages import Both, Message
from yunying.core.services import inbox
from yunying.policy import selectors as policy

from . import selectors, services


def waiting_too_long() -> list[Finding]:
    """Remind each approver of a step that waits too long, once per step (a task)."""
    limit = policy.parameter("approvals.max_wait_hours")
    findings = []
    for step in selectors.waiting_steps(older_than=datetime.timedelta(hours=int(limit))):
        request = step.request
        url = f"/approvals/{request.pk}/"
        for assignment in step.assignments.all():
            if assignment.decision:
                continue
            inbox.open_task(
                assignee=assignment.approver,
                kind=services.OVERDUE_TASK,
                title=Message(
                    gettext_lazy("Approval overdue: %(document)s · %(step)s"),
                    document=request.document_number,
                    step=Both(step.name, step.name_en),
                ),
                source=step,
                url=url,
                clause=limit.clause,
            )
        findings.append(
            Finding(
                _("%(document)s has waited at “%(step)s” since %(since)s (limit %(hours)s h).")
                % {
                    "document": request.document_number,
                    "step": step.name,
                    "since": f"{timezone.localtime(step.activated_at):%Y-%m-%d %H:%M}",
                    "hours": int(limit),
                },
                clause=limit.clause,
                url=url,
            )
        )
    return findings
