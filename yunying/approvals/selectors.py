"""Reading approvals: the inbox, what a person may see, bottlenecks (POL-2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.utils import timezone

from yunying.core import access
from yunying.core.messages import Both
from yunying.core.models import Employee

from . import registry
from .models import ApprovalAssignment, ApprovalRequest, ApprovalStep, Delegation

VIEW_ALL = "approvals.view_request"


def active_delegators(employee: Employee, *, at: datetime.datetime | None = None) -> list[int]:
    """Ids of the people whose approvals ``employee`` may decide right now."""
    now = at or timezone.now()
    return list(
        Delegation.objects.filter(
            delegate=employee, starts_at__lte=now, ends_at__gt=now, revoked_at__isnull=True
        ).values_list("delegator_id", flat=True)
    )


def pending_for(employee: Employee) -> QuerySet[ApprovalAssignment]:
    """Undecided assignments on active steps that ``employee`` may decide (own or delegated)."""
    approvers = [employee.pk, *active_delegators(employee)]
    return (
        ApprovalAssignment.objects.filter(
            approver_id__in=approvers,
            decision="",
            step__state=ApprovalStep.State.ACTIVE,
            step__request__state=ApprovalRequest.State.PENDING,
        )
        .exclude(step__request__requester=employee)
        .select_related("step__request__requester", "step__request__department", "approver")
        .order_by("step__activated_at", "id")
    )


def visible_requests(employee: Employee) -> QuerySet[ApprovalRequest]:
    """Requests the employee submitted, is or was an approver of (or a delegate for), or may see
    through ``approvals.view_request`` within its data scope."""
    approvers = [employee.pk, *active_delegators(employee)]
    own = Q(requester=employee) | Q(steps__assignments__approver_id__in=approvers)
    scoped = access.scope_filter(ApprovalRequest, employee, VIEW_ALL)
    condition = Q() if scoped is None else own | scoped
    ids = ApprovalRequest.objects.filter(condition).values("pk")
    return ApprovalRequest.objects.filter(pk__in=ids).select_related(
        "requester", "department", "regulation_version__regulation"
    )


def submitted_pending(employee: Employee) -> QuerySet[ApprovalRequest]:
    """The employee's own requests still waiting for a decision (我的待办), newest first."""
    return (
        visible_requests(employee)
        .filter(requester=employee, state="pending")
        .order_by("-submitted_at")[:20]
    )


def requests_for_document(document: Any) -> QuerySet[ApprovalRequest]:
    doc_type = registry.for_model(type(document))
    return ApprovalRequest.objects.filter(doc_type=doc_type.key, object_id=document.pk)


def latest_request(document: Any) -> ApprovalRequest | None:
    return requests_for_document(document).order_by("-submitted_at", "-id").first()


def document_of(request: ApprovalRequest) -> Any:
    return registry.get(request.doc_type).model._default_manager.get(pk=request.object_id)


def history(request: ApprovalRequest) -> QuerySet[Any]:
    return request.actions.select_related(
        "actor", "on_behalf_of", "step", "regulation_version__regulation"
    )


def can_decide(request: ApprovalRequest, employee: Employee) -> bool:
    if request.state != ApprovalRequest.State.PENDING or request.requester_id == employee.pk:
        return False
    approvers = [employee.pk, *active_delegators(employee)]
    return ApprovalAssignment.objects.filter(
        step__request=request,
        step__index=request.current_step,
        step__state=ApprovalStep.State.ACTIVE,
        approver_id__in=approvers,
        decision="",
    ).exists()


@dataclass(frozen=True)
class Bottleneck:
    doc_type: str
    label: str
    step: str
    decided: int
    average_hours: float
    longest_hours: float


def bottlenecks(*, since: datetime.datetime | None = None) -> list[Bottleneck]:
    """Decided steps grouped by document type and step, slowest first (POL-2)."""
    steps = ApprovalStep.objects.filter(activated_at__isnull=False, decided_at__isnull=False)
    if since is not None:
        steps = steps.filter(decided_at__gte=since)
    rows = (
        steps.annotate(wait=F("decided_at") - F("activated_at"))
        .values("request__doc_type", "name", "name_en")
        .annotate(decided=Count("id"), average=Avg("wait"), longest=Max("wait"))
        .order_by("-average")
    )
    result = []
    for row in rows:
        doc_type = row["request__doc_type"]
        try:
            label = str(registry.get(doc_type).label)
        except KeyError:
            label = doc_type
        result.append(
            Bottleneck(
                doc_type=doc_type,
                label=label,
                step=Both(row["name"], row["name_en"]).render(),
                decided=row["decided"],
                average_hours=_hours(row["average"]),
                longest_hours=_hours(row["longest"]),
            )
        )
    return result


def _hours(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 3600, 1)
    # SQLite returns microseconds for averaged durations
    return round(float(value) / 3_600_000_000, 1)


def waiting_steps(*, older_than: datetime.timedelta) -> QuerySet[ApprovalStep]:
    """Active steps that have waited longer than ``older_than``, longest first."""
    limit = timezone.now() - older_than
    return (
        ApprovalStep.objects.filter(
            state=ApprovalStep.State.ACTIVE,
            activated_at__lt=limit,
            request__state=ApprovalRequest.State.PENDING,
        )
        .select_related("request")
        .prefetch_related("assignments__approver")
        .order_by("activated_at")
    )


def delegations_of(employee: Employee) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(Q(delegator=employee) | Q(delegate=employee))
        .select_related("delegator", "delegate")
        .order_by("-starts_at")
    )
