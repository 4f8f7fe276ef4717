"""Organisation: company, department tree, positions with permissions, employees (ORG-1, ORG-2)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A node of the department tree. ``path`` is the materialised path of ids ("1/4/9/"),
    so "this department and below" is one indexed prefix match."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering: ClassVar = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class DataScope(models.TextChoices):
    OWN = "own", _("own records")
    DEPARTMENT = "department", _("own department")
    SUBTREE = "subtree", _("own department and below")
    ALL = "all", _("all")


SCOPE_RANK = {DataScope.OWN: 0, DataScope.DEPARTMENT: 1, DataScope.SUBTREE: 2, DataScope.ALL: 3}


class Position(models.Model):
    """A post in a department. Permissions come from positions (ORG-1)."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="positions"
    )
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_head = models.BooleanField(
        _("department head"), default=False, help_text=_("The one manager of the department.")
    )
    is_leader = models.BooleanField(_("company leader"), default=False)
    headcount = models.PositiveIntegerField(
        _("headcount"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    duties = models.TextField(_("duties"), blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering: ClassVar = ["department__path", "-is_head", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(is_head=True),
                name="one_head_position_per_department",
            ),
            models.CheckConstraint(
                condition=models.Q(is_head=False) | models.Q(headcount=1),
                name="head_position_has_headcount_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"


class PositionPermission(models.Model):
    """A permission code held by a position, with the data scope it applies to (ORG-2)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="permissions")
    code = models.CharField(_("permission"), max_length=80)
    scope = models.CharField(_("data scope"), max_length=12, choices=DataScope.choices)

    class Meta:
        verbose_name = _("position permission")
        verbose_name_plural = _("position permissions")
        ordering: ClassVar = ["code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["position", "code"], name="unique_position_permission"),
            models.CheckConstraint(
                condition=models.Q(scope__in=DataScope.values), name="position_permission_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_scope_display()})"


class Employee(models.Model):
    """A person working for the company; logs in as ``user``."""

    SCOPE_DEPARTMENT = "department"
    SCOPE_OWNER = "id"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employee"
    )
    employee_no = models.CharField(_("employee number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="employees"
    )
    positions = models.ManyToManyField(
        Position, verbose_name=_("positions"), related_name="holders", blank=True
    )
    superior = models.ForeignKey(
        "self",
        verbose_name=_("direct superior"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    monthly_salary = models.DecimalField(
        _("monthly salary"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering: ClassVar = ["employee_no"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(monthly_salary__gte=0), name="employee_salary_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
