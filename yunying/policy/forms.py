from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Department

from . import catalogue
from .models import Clause


class RegulationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    owner_department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.all()
    )
    applies_to = forms.ModelMultipleChoiceField(
        label=_("Applies to"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Empty means the whole company."),
    )


class VersionForm(forms.Form):
    summary = forms.CharField(
        label=_("What changes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    review_due = forms.DateField(
        label=_("Review due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ClauseForm(forms.Form):
    clause_id = forms.CharField(
        label=_("Clause id"), max_length=20, help_text=_("For example PROC-2.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0, required=False)


class RuleForm(forms.Form):
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none())
    key = forms.ChoiceField(label=_("Rule"), choices=())
    value = forms.CharField(
        label=_("Value"),
        widget=forms.Textarea(attrs={"class": "code"}),
        help_text=_("YAML or JSON; checked against the rule's schema."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, version: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = version.clauses.all()  # type: ignore[attr-defined]
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (spec.key, f"{spec.key} · {spec.label} ({spec.clause})") for spec in catalogue.specs()
        ]

    def clean_value(self) -> Any:
        try:
            return yaml.safe_load(self.cleaned_data["value"])
        except yaml.YAMLError as error:
            raise forms.ValidationError(
                _("Not valid YAML or JSON: %(error)s"), params={"error": error}
            ) from None


class CommentForm(forms.Form):
    clause = forms.ModelChoiceField(
        label=_("On clause"), queryset=Clause.objects.none(), required=False
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, version: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = version.clauses.all()  # type: ignore[attr-defined]
