"""Forms of the service pages: a new case, a step of a case, a return from a case. They parse;
the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.masterdata.models import Customer, Location
from yunying.sales.models import DeliveryLine

from .models import ComplaintCause, ServiceCase


class CustomerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceCase.Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=ServiceCase.Channel.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ServiceCase.Priority.choices, initial="normal"
    )
    customer = CustomerChoice(label=_("Customer"), queryset=Customer.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, customers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["customer"]
        if customers is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = customers


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea, required=False)
    cause = forms.ModelChoiceField(
        label=_("Cause"), queryset=ComplaintCause.objects.filter(active=True), required=False
    )


class EmployeeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReassignForm(forms.Form):
    assignee = EmployeeChoice(label=_("Assignee"), queryset=Employee.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, handlers: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Employee.objects.filter(pk__in=[e.pk for e in handlers])


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=ServiceCase.Priority.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.item.code} {obj.item.name} × {plain(obj.quantity)}"


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.warehouse.code}/{obj.code} {obj.name}"


class CaseReturnForm(forms.Form):
    line = LineChoice(label=_("Delivery line"), queryset=DeliveryLine.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.001"), max_digits=14, decimal_places=3
    )
    location = LocationChoice(
        label=_("Returns location"),
        queryset=Location.objects.filter(kind=Location.Kind.RETURNS, active=True).select_related(
            "warehouse"
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, case: ServiceCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["line"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = DeliveryLine.objects.filter(
                delivery_id=case.delivery_id or 0
            ).select_related("item")


class CauseForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
