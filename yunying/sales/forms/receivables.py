"""The payment form: money received from a customer and its allocation, automatically (the
oldest due first) or to the receivables chosen (SALES-5)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunying.masterdata.models import Customer

from ..models import Payment, Receivable
from .common import CustomerChoice, DateInput, money_field, set_queryset

ALLOCATE_AUTO = "auto"
ALLOCATE_CHOSEN = "chosen"


class PaymentForm(forms.Form):
    customer = CustomerChoice(label=_("Customer"), queryset=Customer.objects.none())
    amount = money_field(label=_("Amount"))
    received_on = forms.DateField(label=_("Payment date"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("Method"), choices=Payment.Method.choices, initial=Payment.Method.TRANSFER
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    allocate = forms.ChoiceField(
        label=_("Allocation"),
        choices=[
            (ALLOCATE_AUTO, _("Automatically: the oldest due first")),
            (ALLOCATE_CHOSEN, _("To the receivables I choose")),
        ],
        initial=ALLOCATE_AUTO,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Customer] | None = None,
        receivables: Iterable[Receivable] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if customers is not None:
            set_queryset(self.fields["customer"], customers)
        self.receivables: list[tuple[Receivable, str]] = []
        for receivable in receivables:
            name = f"r{receivable.pk}"
            self.fields[name] = money_field(
                label=receivable.number, required=False, min_value=Decimal("0")
            )
            self.receivables.append((receivable, name))

    def allocations(self) -> list[tuple[Receivable, Decimal]]:
        if self.cleaned_data.get("allocate") != ALLOCATE_CHOSEN:
            return []
        return [
            (receivable, self.cleaned_data[name])
            for receivable, name in self.receivables
            if self.cleaned_data.get(name)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("allocate") == ALLOCATE_CHOSEN and not self.allocations():
            self.add_error("allocate", _("Give the amount for at least one receivable."))
        return data

    def allocation_rows(self) -> list[tuple[Receivable, forms.BoundField]]:
        return [(receivable, self[name]) for receivable, name in self.receivables]
