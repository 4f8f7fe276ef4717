"""Web forms of the organisation pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import access
from .models import DataScope, Department, Employee, Position


class DepartmentForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Department name"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Parent department"), queryset=Department.objects.all(), required=False
    )
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0, required=False)


class PositionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    code = forms.CharField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Position name"), max_length=100)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, required=False)
    duties = forms.CharField(label=_("Duties"), widget=forms.Textarea, required=False)


class EmployeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions"),
        queryset=Position.objects.select_related("department"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    superior = forms.ModelChoiceField(
        label=_("Direct superior"), queryset=Employee.objects.filter(active=True), required=False
    )
    monthly_salary = forms.DecimalField(
        label=_("Monthly salary"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    reason = forms.CharField(
        label=_("Reason for a change of positions"),
        max_length=300,
        required=False,
        help_text=_("A change of positions takes effect once the company leaders approve it."),
    )


class NewEmployeeForm(EmployeeForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)
    employee_no = forms.CharField(label=_("Employee number"), max_length=30)
    field_order = ["username", "password", "employee_no", "name"]


SCOPE_CHOICES = [("", _("— not granted —")), *DataScope.choices]
FLAG_CHOICES = [("", _("— unchanged —")), ("yes", _("yes")), ("no", _("no"))]


class PositionChangeForm(forms.Form):
    """The new permission set of a position: one scope select per registered permission."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    duties = forms.CharField(
        label=_("New duties"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Leave empty to keep the current duties."),
    )
    is_head = forms.ChoiceField(
        label=_("Its department's head"), choices=FLAG_CHOICES, required=False
    )
    is_leader = forms.ChoiceField(label=_("A company leader"), choices=FLAG_CHOICES, required=False)

    def __init__(self, *args: Any, current: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        self.permission_fields: list[tuple[access.PermissionDef, str]] = []
        for definition in access.all_permissions():
            name = f"perm__{definition.code}"
            choices = (
                SCOPE_CHOICES if definition.scoped else [SCOPE_CHOICES[0], ("all", _("granted"))]
            )
            self.fields[name] = forms.ChoiceField(
                label=definition.label,
                choices=choices,
                required=False,
                initial=current.get(definition.code, ""),
            )
            self.permission_fields.append((definition, name))

    def permissions(self) -> dict[str, str]:
        return {
            definition.code: self.cleaned_data[name]
            for definition, name in self.permission_fields
            if self.cleaned_data.get(name)
        }

    def flags(self) -> dict[str, bool | None]:
        """The head and leader flags the change sets (``None``: unchanged)."""
        values = {"yes": True, "no": False}
        return {f: values.get(self.cleaned_data.get(f) or "") for f in ("is_head", "is_leader")}

    def grouped(self) -> list[tuple[str, list[Any]]]:
        groups: dict[str, list[Any]] = {}
        for definition, name in self.permission_fields:
            groups.setdefault(str(definition.group), []).append((definition, self[name]))
        return list(groups.items())
