"""Web forms of customer relations: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Employee
from yunying.masterdata import readers
from yunying.masterdata.models import Contact, Customer, Item, Region, Supplier
from yunying.sales.forms.common import DateInput, DateTimeInput

from .models import Channel, Competitor, ContactRecord, MarketIntel, Promotion
from .services.contacts import FollowUpInput
from .services.promotions import RUNNING, PlanInput

FOLLOW_UP_ROWS = 3  # blank follow-up rows a form offers
MAIN_FIELDS = frozenset(
    {
        "customer",
        "supplier",
        "kind",
        "occurred_at",
        "contact",
        "participants",
        "subject",
        "notes",
        "promotion",
    }
)


class ContactForm(forms.Form):
    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.none(), required=False
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=Supplier.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactRecord.Kind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    contact = forms.ModelChoiceField(
        label=_("Their contact person"), queryset=Contact.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Our participants"),
        queryset=Employee.objects.filter(active=True).order_by("employee_no"),
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    promotion = forms.ModelChoiceField(
        label=_("Arising from the promotion"),
        queryset=Promotion.objects.none(),
        required=False,
        help_text=_("A contact that arose from a promotion counts as one of its leads."),
    )

    def __init__(
        self, *args: Any, actor: Employee, record: ContactRecord | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        running = Q(state__in=RUNNING) | Q(pk=record.promotion_id if record else None)
        self.fields["promotion"].queryset = Promotion.objects.filter(running).order_by("number")  # type: ignore[attr-defined]
        customers = readers.readable(Customer.objects.filter(active=True), actor)
        suppliers = readers.readable(Supplier.objects.filter(active=True), actor)
        self.fields["customer"].queryset = customers.order_by("code")  # type: ignore[attr-defined]
        self.fields["supplier"].queryset = suppliers.order_by("code")  # type: ignore[attr-defined]
        if record is not None:
            del self.fields["customer"], self.fields["supplier"]
            contacts = Contact.objects.filter(
                Q(customer=record.customer) if record.customer_id else Q(supplier=record.supplier)
            )
        else:
            contacts = Contact.objects.filter(customer__in=customers) | Contact.objects.filter(
                supplier__in=suppliers
            )
        self.fields["contact"].queryset = contacts.order_by("name")  # type: ignore[attr-defined]
        owners = Employee.objects.filter(active=True).order_by("employee_no")
        for row in range(FOLLOW_UP_ROWS):
            self.fields[f"owner_{row}"] = forms.ModelChoiceField(
                label=_("Owner"), queryset=owners, required=False
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=_("Due"), widget=DateInput(), required=False
            )
            self.fields[f"text_{row}"] = forms.CharField(
                label=_("What to do"), max_length=300, required=False
            )

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name in MAIN_FIELDS]

    def follow_up_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"owner_{row}"], self[f"due_{row}"], self[f"text_{row}"])
            for row in range(FOLLOW_UP_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(FOLLOW_UP_ROWS):
            given = [data.get(f"owner_{row}"), data.get(f"due_{row}"), data.get(f"text_{row}")]
            if any(given) and not all(given):
                self.add_error(f"text_{row}", _("Give the owner, the due date and what to do."))
        return data

    def follow_ups(self) -> list[FollowUpInput]:
        data = self.cleaned_data
        return [
            FollowUpInput(
                owner=data[f"owner_{row}"], due_on=data[f"due_{row}"], text=data[f"text_{row}"]
            )
            for row in range(FOLLOW_UP_ROWS)
            if data.get(f"owner_{row}")
        ]


class IntelForm(forms.Form):
    competitor = forms.ModelChoiceField(label=_("Competitor"), queryset=Competitor.objects.none())
    product = forms.CharField(label=_("Product"), max_length=200)
    item = forms.ModelChoiceField(
        label=_("Our comparable item"), queryset=Item.objects.none(), required=False
    )
    price = forms.DecimalField(label=_("Price"), max_digits=18, decimal_places=4, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=MarketIntel.Source.choices)
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput())
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, entry: MarketIntel | None = None, **kwargs: Any) -> None:
        if entry is not None:
            kwargs["initial"] = {name: getattr(entry, name) for name in INTEL_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["competitor"].queryset = Competitor.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["item"].queryset = Item.objects.filter(active=True).order_by("code")  # type: ignore[attr-defined]
        self.fields["region"].queryset = Region.objects.order_by("path")  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INTEL_FIELDS}


INTEL_FIELDS = (
    "competitor",
    "product",
    "item",
    "price",
    "currency",
    "unit",
    "source",
    "observed_on",
    "region",
    "notes",
)


class CompetitorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class PromotionForm(forms.Form):
    """A promotion plan (MKT-2): the service checks the period, the budget and the targets."""

    name = forms.CharField(label=_("Name"), max_length=200)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    budget = forms.DecimalField(label=_("Budget"), max_digits=18, decimal_places=2)
    target_leads = forms.IntegerField(label=_("Target leads"), max_value=2**31 - 1, initial=0)
    target_orders = forms.IntegerField(label=_("Target orders"), max_value=2**31 - 1, initial=0)
    target_revenue = forms.DecimalField(
        label=_("Target revenue"), max_digits=18, decimal_places=2, initial=0
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Employee.objects.filter(active=True).order_by("employee_no"),
        required=False,
        help_text=_("Leave empty to own it yourself."),
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Items promoted"), queryset=Item.objects.none(), required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Target regions"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Leave empty for every region."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, promotion: Promotion | None = None, **kwargs: Any) -> None:
        if promotion is not None:
            kwargs["initial"] = {
                "name": promotion.name,
                "channels": promotion.channels,
                "starts_on": promotion.starts_on,
                "ends_on": promotion.ends_on,
                "budget": promotion.budget,
                "target_leads": promotion.target_leads,
                "target_orders": promotion.target_orders,
                "target_revenue": promotion.target_revenue,
                "owner": promotion.owner_id,
                "items": list(promotion.items.values_list("pk", flat=True)),
                "regions": list(promotion.regions.values_list("pk", flat=True)),
                "description": promotion.description,
            }
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = Item.objects.filter(active=True).order_by("code")  # type: ignore[attr-defined]
        self.fields["regions"].queryset = Region.objects.order_by("path")  # type: ignore[attr-defined]

    def plan(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            channels=list(data["channels"]),
            budget=data["budget"],
            target_leads=data["target_leads"],
            target_orders=data["target_orders"],
            target_revenue=data["target_revenue"],
            description=data["description"],
            items=list(data["items"]),
            regions=list(data["regions"]),
            owner=data["owner"],
        )
