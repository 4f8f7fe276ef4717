"""Web forms of the inventory pages: they parse input (filters, lines, counts); the services
decide. The counting sheet read back from Excel is in ``counting_sheet``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.params import as_id
from yunying.masterdata.models import Item, ItemCategory, Location, Warehouse

from .models import LedgerKind, MaterialIssue, Stocktake, StocktakeLine
from .replenishment import Proposal
from .services.stocktakes import Count

DATE = {"type": "date"}


def quantity_field(**options: Any) -> forms.DecimalField:
    """A quantity: up to 15 digits before and 3 after the point, as the ledger stores it."""
    options.setdefault("widget", forms.NumberInput(attrs={"step": "any"}))
    return forms.DecimalField(max_digits=18, decimal_places=3, **options)


def plain(value: Decimal | None) -> Decimal | None:
    """A quantity as people write it: 790 rather than 790.000, 2.5 rather than 2.500."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal("1"))
    return value.normalize()


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def filters(form: forms.Form) -> dict[str, Any]:
    """The valid values of a GET filter form; a malformed value is ignored, not an error."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}


class LocationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} {obj.name}"


class LocationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} {obj.name}"


def locations() -> Any:
    return Location.objects.filter(active=True).select_related("warehouse")


# ----------------------------------------------------------------------------- filters


class StockFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    warehouse = forms.ModelChoiceField(
        label=gettext_lazy("Warehouse"),
        queryset=Warehouse.objects.filter(active=True),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    location = LocationField(
        label=gettext_lazy("Location"),
        queryset=Location.objects.select_related("warehouse"),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=ItemCategory.objects.all(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    below = forms.BooleanField(label=gettext_lazy("Below safety stock only"), required=False)


class ItemCodeField(forms.CharField):
    """An item entered by its code (or its id, as links carry it): a select listing every item
    would not scale to thousands of items."""

    def clean(self, value: Any) -> Item | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        item = Item.objects.filter(code=text).first()
        item_id = as_id(text)
        if item is None and item_id is not None:
            item = Item.objects.filter(pk=item_id).first()
        if item is None:
            raise forms.ValidationError(
                _("No item has the code “%(code)s”.") % {"code": text}, code="unknown"
            )
        return item


class LedgerFilterForm(forms.Form):
    item = ItemCodeField(
        label=gettext_lazy("Item"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Item code")}),
    )
    location = LocationField(
        label=gettext_lazy("Location"),
        queryset=Location.objects.select_related("warehouse"),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All")), *LedgerKind.choices],
        required=False,
    )
    number = forms.CharField(label=gettext_lazy("Document number"), required=False, max_length=40)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=date_input())


# ----------------------------------------------------------------------------- transfers


class TransferForm(forms.Form):
    posting_date = forms.DateField(label=gettext_lazy("Posting date"), widget=date_input())
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class TransferLineForm(forms.Form):
    item = forms.ModelChoiceField(
        label=gettext_lazy("Item"), queryset=Item.objects.all(), empty_label="—"
    )
    from_location = LocationField(
        label=gettext_lazy("From location"), queryset=locations(), empty_label="—"
    )
    to_location = LocationField(
        label=gettext_lazy("To location"), queryset=locations(), empty_label="—"
    )
    quantity = quantity_field(label=gettext_lazy("Quantity"))


def transfer_line_formset(extra: int) -> type[forms.BaseFormSet[TransferLineForm]]:
    """Rows for the lines of a transfer; the rows left empty are ignored."""
    return forms.formset_factory(TransferLineForm, extra=extra, max_num=50)


# ----------------------------------------------------------------------------- stocktakes


class StocktakePlanForm(forms.Form):
    locations = LocationsField(
        label=gettext_lazy("Locations to count"),
        queryset=locations(),
        widget=forms.CheckboxSelectMultiple,
    )
    planned_date = forms.DateField(label=gettext_lazy("Planned date"), widget=date_input())
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class CountsForm(forms.Form):
    """One counted quantity and one reason per stocktake line."""

    def __init__(self, *args: Any, lines: Sequence[StocktakeLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"counted_{line.pk}"] = quantity_field(
                label=f"{line.item.code} @ {line.location}",
                required=False,
                min_value=Decimal("0"),
                initial=plain(line.counted_quantity),
                widget=forms.NumberInput(attrs={"step": "any", "class": "qty"}),
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=gettext_lazy("Reason"), required=False, max_length=300, initial=line.reason
            )

    def rows(self) -> list[tuple[StocktakeLine, forms.BoundField, forms.BoundField]]:
        return [
            (line, self[f"counted_{line.pk}"], self[f"reason_{line.pk}"]) for line in self.lines
        ]

    def counts(self) -> list[Count]:
        """The lines with a counted quantity entered."""
        result = []
        for line in self.lines:
            counted = self.cleaned_data.get(f"counted_{line.pk}")
            if counted is not None:
                reason = self.cleaned_data.get(f"reason_{line.pk}") or ""
                result.append(Count(line.item, line.location, counted, reason))
        return result


class FoundItemForm(forms.Form):
    """An item found at a location the book does not list (entered by its code)."""

    item_code = forms.CharField(label=gettext_lazy("Item code"), max_length=40)
    location = LocationField(label=gettext_lazy("Location"), queryset=Location.objects.none())
    counted = quantity_field(label=gettext_lazy("Counted quantity"), min_value=Decimal("0"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, stocktake: Stocktake, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = stocktake.locations.select_related("warehouse")
        self.fields["location"].queryset = places  # type: ignore[attr-defined]
        if len(places) == 1:
            self.fields["location"].initial = places[0].pk

    def clean_item_code(self) -> Item:
        code = self.cleaned_data["item_code"].strip()
        item = Item.objects.filter(code__iexact=code).first()
        if item is None:
            raise forms.ValidationError(
                _("There is no item with the code “%(code)s”.") % {"code": code}
            )
        return item

    def count(self) -> Count:
        data = self.cleaned_data
        return Count(data["item_code"], data["location"], data["counted"], data["reason"])


# The columns of the counting sheet; the upload finds them by their headings (in English or in
# the language of the one who downloaded it), so the book quantity and name may be left out.
# ----------------------------------------------------------------------------- periods


class ClosePeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"), coerce=int, choices=[(m, f"{m:02d}") for m in range(1, 13)]
    )

    @staticmethod
    def last_month() -> dict[str, int]:
        first = timezone.localdate().replace(day=1)
        previous = first - datetime.timedelta(days=1)
        return {"year": previous.year, "month": previous.month}


# ----------------------------------------------------------------------------- replenishment


class ReplenishmentPlanForm(forms.Form):
    """The proposal lines the supervisor takes into a replenishment plan, with their quantities
    and dates."""

    title = forms.CharField(label=gettext_lazy("Plan title"), max_length=200)
    needed_by = forms.DateField(
        label=gettext_lazy("Needed by"),
        required=False,
        widget=date_input(),
        help_text=gettext_lazy("Leave empty to use the earliest date of the chosen lines."),
    )

    def __init__(self, *args: Any, proposals: Sequence[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        today = timezone.localdate()
        for proposal in self.proposals:
            pk = proposal.item.pk
            self.fields[f"pick_{pk}"] = forms.BooleanField(
                label=proposal.item.code, required=False, initial=proposal.quantity > 0
            )
            self.fields[f"quantity_{pk}"] = quantity_field(
                label=gettext_lazy("Quantity"),
                required=False,
                min_value=Decimal("0.001"),
                initial=plain(proposal.quantity) if proposal.quantity > 0 else None,
                widget=forms.NumberInput(attrs={"step": "any", "class": "qty"}),
            )
            self.fields[f"date_{pk}"] = forms.DateField(
                label=gettext_lazy("Needed by"),
                required=False,
                initial=today + datetime.timedelta(days=proposal.item.lead_time_days),
                widget=date_input(),
            )

    def rows(self) -> list[tuple[Proposal, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (p, self[f"pick_{p.item.pk}"], self[f"quantity_{p.item.pk}"], self[f"date_{p.item.pk}"])
            for p in self.proposals
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = []
        for proposal in self.proposals:
            pk = proposal.item.pk
            if not data.get(f"pick_{pk}"):
                continue
            if data.get(f"quantity_{pk}") is None:
                self.add_error(f"quantity_{pk}", _("Enter the quantity to order."))
            if data.get(f"date_{pk}") is None:
                self.add_error(f"date_{pk}", _("Say when it is needed."))
            chosen.append(proposal)
        if not chosen:
            raise forms.ValidationError(_("Choose at least one line for the plan."))
        self.chosen = chosen
        return data

    def lines(self) -> list[tuple[Proposal, Decimal, datetime.date]]:
        """The chosen proposals with the quantity and date entered for each."""
        return [
            (p, self.cleaned_data[f"quantity_{p.item.pk}"], self.cleaned_data[f"date_{p.item.pk}"])
            for p in self.chosen
        ]


# ----------------------------------------------------------------------------- material issues


class IssueForm(forms.Form):
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose"), choices=MaterialIssue.Purpose.choices
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class IssueLineForm(forms.Form):
    item = forms.ModelChoiceField(
        label=gettext_lazy("Item"), queryset=Item.objects.all(), empty_label="—"
    )
    location = LocationField(label=gettext_lazy("Location"), queryset=locations(), empty_label="—")
    quantity = quantity_field(label=gettext_lazy("Quantity"))


def issue_line_formset(extra: int) -> type[forms.BaseFormSet[IssueLineForm]]:
    """Rows for the lines of a material issue; the rows left empty are ignored."""
    return forms.formset_factory(IssueLineForm, extra=extra, max_num=50)


# ----------------------------------------------------------------------------- opening stock


class OpeningForm(forms.Form):
    posting_date = forms.DateField(label=gettext_lazy("Posting date"), widget=date_input())
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class OpeningLineForm(IssueLineForm):
    unit_cost = forms.DecimalField(
        label=gettext_lazy("Unit cost"),
        max_digits=18,
        decimal_places=6,
        min_value=Decimal("0"),
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def opening_line_formset(extra: int) -> type[forms.BaseFormSet[OpeningLineForm]]:
    """Rows for the lines of an opening stock document; the rows left empty are ignored."""
    return forms.formset_factory(OpeningLineForm, extra=extra, max_num=50)
