"""Approval requests attached to any document, their steps, approvers and history."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    ONE = "one", _("one approver")
    ANY = "any", _("any one of several (或签)")
    ALL = "all", _("all of several (会签)")


class Decision(models.TextChoices):
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    RETURNED = "returned", _("returned for changes")


class ApprovalRequest(models.Model):
    SCOPE_DEPARTMENT = "department"
    SCOPE_OWNER = "requester"

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        RETURNED = "returned", _("returned for changes")
        WITHDRAWN = "withdrawn", _("withdrawn")

    doc_type = models.CharField(_("document type"), max_length=60)
    object_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey(
        "core.Employee",
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    amount = models.DecimalField(
        _("amount (company currency)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    regulation_version = models.ForeignKey(
        "policy.RegulationVersion",
        verbose_name=_("regulation version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    clause = models.CharField(_("clause"), max_length=20)
    chain = models.JSONField(_("chain as configured"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    current_step = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering: ClassVar = ["-submitted_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["doc_type", "object_id"]),
            models.Index(fields=["submitted_at", "id"]),  # the list's order
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["doc_type", "object_id"],
                condition=models.Q(state="pending"),
                name="one_pending_request_per_document",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["pending", "approved", "rejected", "returned", "withdrawn"]
                ),
                name="approval_request_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"


class ApprovalStep(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        ACTIVE = "active", _("awaiting decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        RETURNED = "returned", _("returned for changes")
        SKIPPED = "skipped", _("not required")
        CANCELLED = "cancelled", _("cancelled")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(_("step"), max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices, default=Mode.ONE)
    condition = models.JSONField(_("condition"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    activated_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering: ClassVar = ["request", "index"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "index"], name="unique_step_index"),
        ]
        indexes: ClassVar = [models.Index(fields=["state", "activated_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def waited_hours(self) -> float | None:
        if self.activated_at is None or self.decided_at is None:
            return None
        return (self.decided_at - self.activated_at).total_seconds() / 3600


class ApprovalAssignment(models.Model):
    """An approver resolved for a step, and their decision once made."""

    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="assignments")
    approver = models.ForeignKey(
        "core.Employee", verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        "core.Employee",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["step", "approver"], name="unique_step_approver"),
        ]
        indexes: ClassVar = [models.Index(fields=["approver", "decision"])]

    def __str__(self) -> str:
        return f"{self.step} · {self.approver}"


class ApprovalAction(models.Model):
    """The request's history: every submission and decision, with the rule that applied."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        RETURNED = "returned", _("returned for changes")
        WITHDRAWN = "withdrawn", _("withdrawn")
        AUTO_APPROVED = "auto_approved", _("approved: no step required")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="actions")
    step = models.ForeignKey(
        ApprovalStep, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=14, choices=Kind.choices)
    actor = models.ForeignKey(
        "core.Employee", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "core.Employee",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("time"))
    regulation_version = models.ForeignKey(
        "policy.RegulationVersion",
        verbose_name=_("regulation version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    clause = models.CharField(_("clause"), max_length=20)

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.actor}"


class Delegation(models.Model):
    """While ``delegator`` is away, ``delegate`` may decide their approval steps."""

    delegator = models.ForeignKey(
        "core.Employee",
        verbose_name=_("delegator"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        "core.Employee",
        verbose_name=_("delegate"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering: ClassVar = ["-starts_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="delegation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(delegator=models.F("delegate")),
                name="delegation_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate}"
