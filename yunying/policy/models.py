"""Regulations as configuration: versions with clauses and the rules that implement them
(POL-1, POL-3)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Document
from yunying.core.states import Transitions, table


class Regulation(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    owner_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applies_to = models.ManyToManyField(
        "core.Department",
        verbose_name=_("applies to"),
        blank=True,
        related_name="+",
        help_text=_("Departments (with their sub-departments) in scope; empty means everybody."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RegulationVersion(Document):
    NUMBER_PREFIX = "RV"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        IN_REVIEW = "in_review", _("in approval")
        PUBLISHED = "published", _("published, in force")
        SUPERSEDED = "superseded", _("superseded")
        REJECTED = "rejected", _("rejected")
        DISCARDED = "discarded", _("discarded")

    TRANSITIONS: ClassVar[Transitions] = table(
        open_consultation=("draft", "consultation"),
        close_consultation=("consultation", "draft"),
        submit=({"draft", "consultation"}, "in_review"),
        withdraw=("in_review", "draft"),
        send_back=("in_review", "draft"),
        approve=("in_review", "published"),
        reject=("in_review", "rejected"),
        supersede=("published", "superseded"),
        discard=({"draft", "consultation"}, "discarded"),
    )
    EDITABLE_STATES = frozenset({"draft", "consultation"})

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT, related_name="versions"
    )
    version_no = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("what changes"), blank=True)
    body = models.TextField(_("text"), blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        ordering: ClassVar = ["regulation__code", "-version_no"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["regulation", "version_no"], name="unique_regulation_version"
            ),
            models.UniqueConstraint(
                fields=["regulation"],
                condition=models.Q(state="published"),
                name="one_published_version_per_regulation",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "consultation",
                        "in_review",
                        "published",
                        "superseded",
                        "rejected",
                        "discarded",
                    ]
                ),
                name="regulation_version_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="published_version_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.code} v{self.version_no}"

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE_STATES


class Clause(models.Model):
    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="clauses")
    clause_id = models.CharField(_("clause id"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering: ClassVar = ["sort_order", "clause_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "clause_id"], name="unique_clause_in_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause_id} {self.title}"


class Rule(models.Model):
    """A configured rule (approval chain, parameter, cadence) implementing one clause. ``key``
    names an entry of ``policy.catalogue``; ``value`` is valid against its schema."""

    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="rules")
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.CASCADE, related_name="rules"
    )
    key = models.CharField(_("rule"), max_length=80, db_index=True)
    value = models.JSONField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering: ClassVar = ["key"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_rule_in_version"),
        ]

    def __str__(self) -> str:
        return self.key


class Comment(models.Model):
    """A comment collected while a version is in consultation (POL-1 征求意见)."""

    version = models.ForeignKey(
        RegulationVersion, on_delete=models.CASCADE, related_name="comments"
    )
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Acknowledgement(models.Model):
    """An employee in scope has read and acknowledged a published version (POL-1 培训宣贯)."""

    version = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    employee = models.ForeignKey(
        "core.Employee", on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "employee"], name="acknowledge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.version}"
