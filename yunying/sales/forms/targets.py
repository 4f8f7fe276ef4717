"""Forms of the target pages (SALES-6): the period a page shows, and a target for a region or a
salesperson, optionally broken down from another; how a period and a target are named."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Employee
from yunying.masterdata.models import Region

from ..models import SalesTarget
from .common import money_field, set_queryset


class EmployeeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.department.name}"


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return f"{'　' * depth}{obj.name} ({obj.code})"


class TargetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return target_label(obj)


def target_label(target: SalesTarget) -> str:
    who = target.region.name if target.region else (target.salesperson or "")
    return f"{who} · {period_label(target.period, target.year, target.number)}"


def period_label(period: str, year: int, number: int) -> str:
    if period == SalesTarget.Period.YEAR:
        return gettext("year %(year)s") % {"year": year}
    if period == SalesTarget.Period.QUARTER:
        return gettext("%(year)s, quarter %(number)s") % {"year": year, "number": number}
    return gettext("%(year)s, month %(number)s") % {"year": year, "number": number}


class PeriodForm(forms.Form):
    """The period a page shows (GET)."""

    period = forms.ChoiceField(label=_("Period type"), choices=SalesTarget.Period.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"), min_value=1, max_value=12, required=False
    )

    @staticmethod
    def initial_now() -> dict[str, Any]:
        today = timezone.localdate()
        return {"period": SalesTarget.Period.MONTH, "year": today.year, "number": today.month}

    def chosen(self) -> tuple[str, int, int]:
        if self.is_valid():
            data = self.cleaned_data
            number = 1 if data["period"] == SalesTarget.Period.YEAR else data["number"] or 1
            return data["period"], data["year"], number
        now = self.initial_now()
        return now["period"], now["year"], now["number"]


TARGET_REGION = "region"
TARGET_PERSON = "salesperson"


class TargetForm(forms.Form):
    target_for = forms.ChoiceField(
        label=_("Target for"),
        choices=[(TARGET_REGION, _("a region")), (TARGET_PERSON, _("a salesperson"))],
        initial=TARGET_REGION,
        widget=forms.RadioSelect,
    )
    region = RegionChoice(label=_("Region"), queryset=Region.objects.none(), required=False)
    salesperson = EmployeeChoice(
        label=_("Salesperson"), queryset=Employee.objects.none(), required=False
    )
    parent = TargetChoice(
        label=_("Broken down from"),
        queryset=SalesTarget.objects.none(),
        required=False,
        empty_label=_("— not broken down —"),
        help_text=_("The parts never add up to more than the whole."),
    )
    period = forms.ChoiceField(label=_("Period type"), choices=SalesTarget.Period.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Month 1–12 or quarter 1–4; not needed for a year."),
    )
    orders_amount = money_field(label=_("Orders target"), min_value=Decimal("0"), initial=0)
    revenue_amount = money_field(
        label=_("Revenue target (delivered)"), min_value=Decimal("0"), initial=0
    )
    collection_amount = money_field(label=_("Collection target"), min_value=Decimal("0"), initial=0)

    def __init__(
        self,
        *args: Any,
        regions: Iterable[Region] = (),
        salespeople: QuerySet[Employee] | None = None,
        parents: QuerySet[SalesTarget] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ordered = list(regions)
        field = cast(forms.ModelChoiceField, self.fields["region"])
        field.queryset = Region.objects.filter(pk__in=[r.pk for r in ordered])
        labels = {r.pk: field.label_from_instance(r) for r in ordered}
        field.choices = [("", field.empty_label), *((r.pk, labels[r.pk]) for r in ordered)]
        if salespeople is not None:
            set_queryset(self.fields["salesperson"], salespeople)
        if parents is not None:
            set_queryset(self.fields["parent"], parents)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_for") == TARGET_PERSON:
            data["region"] = None
            if data.get("salesperson") is None:
                self.add_error("salesperson", _("Choose the salesperson."))
        else:
            data["salesperson"] = None
            if data.get("region") is None:
                self.add_error("region", _("Choose the region."))
        if data.get("period") == SalesTarget.Period.YEAR:
            data["number"] = 1
        elif data.get("period") and data.get("number") is None:
            self.add_error("number", _("Give the month or the quarter."))
        return data
