"""Forms of the delivery page: shipping and the arrival (logistics, SALES-3), the customer's
receipt, a problem and its resolution, and a return (SALES-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core.numbers import plain
from yunying.masterdata.models import Location

from ..models import DeliveryLine, ReceiptProblem
from .common import QuantitiesForm, quantity_field, set_queryset, when_field


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.warehouse.code}/{obj.code} {obj.name}"


class DeliveryLineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.item.code} {obj.item.name} × {plain(obj.quantity)}"


class ProblemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} · {obj.description[:40]}"


class ShipForm(forms.Form):
    carrier = forms.CharField(
        label=_("Carrier"), max_length=100, widget=forms.TextInput(attrs={"list": "carriers"})
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)
    shipped_at = when_field(label=_("Shipped at"), required=False)


class CancelShipmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class DeliveredForm(forms.Form):
    delivered_at = when_field(label=_("Delivered at"), required=False)


class ReceiptForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example who signed for the goods."),
    )


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Problem"), choices=ReceiptProblem.Kind.choices)
    line = DeliveryLineChoice(
        label=_("Line"),
        queryset=DeliveryLine.objects.none(),
        required=False,
        empty_label=_("— the whole delivery —"),
    )
    quantity = quantity_field(label=_("Quantity concerned"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, lines: QuerySet[DeliveryLine] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if lines is not None:
            set_queryset(self.fields["line"], lines)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(QuantitiesForm):
    location = LocationChoice(
        label=_("Returned to"),
        queryset=Location.objects.none(),
        help_text=_("A returns location."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    problem = ProblemChoice(
        label=_("Because of the problem"), queryset=ReceiptProblem.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        locations: QuerySet[Location] | None = None,
        problems: QuerySet[ReceiptProblem] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial_left", False)
        super().__init__(*args, **kwargs)
        if locations is not None:
            set_queryset(self.fields["location"], locations)
            first = locations.first()
            if first is not None:
                self.fields["location"].initial = first.pk
        if problems is not None:
            set_queryset(self.fields["problem"], problems)
