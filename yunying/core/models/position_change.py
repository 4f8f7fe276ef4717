"""A change to a position's duties or permissions: a document that takes effect only when the
management approves it (ORG-3). The approved documents are the position's change history."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..states import Transitions, table
from .base import Document
from .org import DataScope


class PositionChange(Document):
    NUMBER_PREFIX = "PC"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        APPROVED = "approved", _("approved, in force")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: ClassVar[Transitions] = table(
        submit=({"draft", "returned"}, "submitted"),
        withdraw=("submitted", "draft"),
        approve=("submitted", "approved"),
        reject=("submitted", "rejected"),
        send_back=("submitted", "returned"),
        cancel=({"draft", "returned"}, "cancelled"),
    )
    EDITABLE_STATES = frozenset({"draft", "returned"})

    position = models.ForeignKey(
        "core.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    reason = models.TextField(_("reason"))
    duties = models.TextField(_("new duties"), blank=True)
    # The position becomes (True) or stops being (False) its department's head or a company
    # leader; empty leaves it as it is. Both decide who approves (ORG-3).
    is_head = models.BooleanField(_("department head"), null=True, blank=True)
    is_leader = models.BooleanField(_("company leader"), null=True, blank=True)
    # What the position held when the change took effect, so history shows before and after.
    before = models.JSONField(_("before"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("in force since"), null=True, blank=True)

    class Meta:
        verbose_name = _("position change")
        verbose_name_plural = _("position changes")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "approved",
                        "rejected",
                        "cancelled",
                    ]
                ),
                name="position_change_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(applied_at__isnull=False),
                name="position_change_approved_is_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.position.name}"

    def after(self) -> dict[str, object]:
        after: dict[str, object] = {
            "duties": self.duties,
            "permissions": {line.code: line.scope for line in self.lines.all()},
        }
        for flag in ("is_head", "is_leader"):
            if getattr(self, flag) is not None:
                after[flag] = getattr(self, flag)
        return after


class PositionChangePermission(models.Model):
    """One permission the position will hold once the change is approved (the full new set)."""

    change = models.ForeignKey(PositionChange, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(_("permission"), max_length=80)
    scope = models.CharField(_("data scope"), max_length=12, choices=DataScope.choices)

    class Meta:
        ordering: ClassVar = ["code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["change", "code"], name="unique_change_permission"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.scope})"


class AssignmentChange(Document):
    """A change of the positions an employee holds (ORG-3): who holds which permission, and so
    who approves what, changes only when the regulation's chain approves it. The employee holds
    the new positions from then on; ``before`` keeps what they held."""

    NUMBER_PREFIX = "AC"
    State = PositionChange.State
    TRANSITIONS: ClassVar[Transitions] = PositionChange.TRANSITIONS
    EDITABLE_STATES = PositionChange.EDITABLE_STATES

    employee = models.ForeignKey(
        "core.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="assignment_changes",
    )
    positions = models.ManyToManyField(
        "core.Position", verbose_name=_("positions"), related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"), default=list, blank=True)
    applied_at = models.DateTimeField(_("in force since"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment change")
        verbose_name_plural = _("assignment changes")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "approved",
                        "rejected",
                        "cancelled",
                    ]
                ),
                name="assignment_change_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.employee.name}"
