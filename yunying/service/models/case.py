"""Service cases (SVC-1): inquiries, complaints and after-sales cases, their states (SVC-3) and
the moments their service standards fall due (SVC-2)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class ComplaintCause(models.Model):
    """The maintained list of complaint causes (SVC-3): a complaint closes only with one."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("complaint cause")
        verbose_name_plural = _("complaint causes")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return self.name


# What a user reads for each step of a case.
VERB_LABELS = {
    "start": _("start handling"),
    "wait": _("wait for the customer"),
    "resume": _("resume"),
    "resolve": _("resolve"),
    "reopen": _("reopen"),
    "close": _("close"),
    "assign": _("assign"),
    "investigate": _("investigate"),
    "confirm": _("customer confirmed"),
}


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


class ServiceCase(Document):
    """A customer's inquiry, complaint or after-sales request, handled by the service team."""

    NUMBER_PREFIX = "SC"
    SCOPE_DEPARTMENT = "team"
    SCOPE_OWNER = "assignee"

    class Kind(models.TextChoices):
        INQUIRY = "inquiry", _("inquiry")
        COMPLAINT = "complaint", _("complaint")
        AFTER_SALES = "after_sales", _("after-sales")

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        WECHAT = "wechat", _("WeChat")
        VISIT = "visit", _("visit")
        WEB = "web", _("web")

    class Priority(models.TextChoices):
        LOW = "low", _("low")
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high")
        URGENT = "urgent", _("urgent")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        REGISTERED = "registered", _("registered")
        ASSIGNED = "assigned", _("assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        INVESTIGATING = "investigating", _("investigating")
        WAITING_CUSTOMER = "waiting_customer", _("waiting for the customer")
        RESOLVED = "resolved", _("resolved")
        CUSTOMER_CONFIRMED = "customer_confirmed", _("confirmed by the customer")
        CLOSED = "closed", _("closed")

    # Inquiries and after-sales cases (SVC-1).
    TRANSITIONS: ClassVar[Transitions] = table(
        start=("open", "in_progress"),
        wait=("in_progress", "waiting_customer"),
        resume=("waiting_customer", "in_progress"),
        resolve=({"open", "in_progress", "waiting_customer"}, "resolved"),
        reopen=("resolved", "in_progress"),
        close=("resolved", "closed"),
    )
    # Complaints (SVC-3).
    COMPLAINT_TRANSITIONS: ClassVar[Transitions] = table(
        assign=("registered", "assigned"),
        investigate=("assigned", "investigating"),
        resolve=("investigating", "resolved"),
        confirm=("resolved", "customer_confirmed"),
        reopen=({"resolved", "customer_confirmed"}, "investigating"),
        close=("customer_confirmed", "closed"),
    )
    OPEN_STATES: ClassVar[frozenset[str]] = frozenset(
        {"open", "registered", "assigned", "in_progress", "investigating", "waiting_customer"}
    )

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    customer = models.ForeignKey(
        "masterdata.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    order = models.ForeignKey(
        "sales.SalesOrder",
        verbose_name=_("sales order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    delivery = models.ForeignKey(
        "sales.Delivery",
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    item = models.ForeignKey(
        "masterdata.Item",
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_problem = models.OneToOneField(
        "sales.ReceiptProblem",
        verbose_name=_("receipt problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_case",
    )
    team = models.ForeignKey(
        "core.Department", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        "core.Employee",
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    cause = models.ForeignKey(
        ComplaintCause,
        verbose_name=_("cause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    first_responded_at = models.DateTimeField(_("first responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The service standard's clock (SVC-2): paused while the case waits for the customer.
    waiting_since = models.DateTimeField(null=True, blank=True, editable=False)
    paused_hours = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0"), editable=False
    )
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    response_breached_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_breached_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the clock showed when the case was answered and resolved (SVC-2), kept so reports
    # aggregate in the database: working hours (resolution net of the hours waited for the
    # customer) and whether each came within its standard (the due moment at that time).
    response_hours = models.DecimalField(
        _("response hours"), max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    resolution_hours = models.DecimalField(
        _("resolution hours"), max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    response_met = models.BooleanField(
        _("responded within standard"), null=True, blank=True, editable=False
    )
    resolution_met = models.BooleanField(
        _("resolved within standard"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("service case")
        verbose_name_plural = _("service cases")
        indexes: ClassVar = [
            models.Index(fields=["created_at", "id"], name="servicecase_list"),
            models.Index(fields=["state", "created_at", "id"], name="servicecase_state"),
            # The reports (SVC-2) read a period of cases by the moment they were opened.
            models.Index(fields=["opened_at"], name="servicecase_opened"),
            # The breach check (SVC-2) reads only the cases due and not yet flagged.
            models.Index(
                fields=["response_due_at"],
                name="servicecase_response_due",
                condition=models.Q(
                    response_breached_at__isnull=True, first_responded_at__isnull=True
                ),
            ),
            models.Index(
                fields=["resolution_due_at"],
                name="servicecase_resolution_due",
                condition=models.Q(resolution_breached_at__isnull=True, resolved_at__isnull=True),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(state="closed") | ~models.Q(resolution=""),
                name="servicecase_closed_has_resolution",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed", kind="complaint")
                | models.Q(cause__isnull=False),
                name="servicecase_closed_complaint_has_cause",
            ),
        ]

    @property
    def transitions(self) -> Transitions:
        return self.COMPLAINT_TRANSITIONS if self.kind == self.Kind.COMPLAINT else self.TRANSITIONS

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class AssignmentPointer(models.Model):
    """Where round-robin assignment stands in one service team: the last employee given a case.
    Locked on its own row, so teams assign at the same time without waiting for each other."""

    team = models.OneToOneField(
        "core.Department", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    last_assignee = models.ForeignKey(
        "core.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.team_id}: {self.last_assignee_id or '-'}"
