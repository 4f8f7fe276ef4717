"""Web forms of the procurement pages: they parse input; the services decide."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunying.core.models import Employee
from yunying.masterdata.models import Item, Location, Supplier

from .models import ContractLine, PurchasePlan, PurchasePlanLine
from .services import contracts, plans, receipts


def _quantity(**options: Any) -> forms.DecimalField:
    return forms.DecimalField(max_digits=18, decimal_places=3, **options)


def _price(**options: Any) -> forms.DecimalField:
    return forms.DecimalField(max_digits=18, decimal_places=4, **options)


def plain(value: Decimal | None) -> str:
    """A quantity or price as typed by a person: no trailing zeros, no exponent."""
    if value is None:
        return ""
    return format(value.normalize(), "f") if value else "0"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _number(attrs: dict[str, Any] | None = None) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": "0", **(attrs or {})})


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name} {obj.specification}".strip()


class SupplierChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.blocked:
            return f"{obj.code} {obj.name} ({_('blocked')})"
        return f"{obj.code} {obj.name}"


class EmployeeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.department.name}"


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.warehouse.code}/{obj.code} {obj.name}"


# --------------------------------------------------------------------------- plans


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of plan"),
        choices=PurchasePlan.Kind.choices,
        help_text=_(
            "A replenishment plan keeps stock at its safety level (INV-2); a purchase plan "
            "buys for known demand (PROC-1). Each goes through its own approval chain."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    needed_by = forms.DateField(label=_("Needed by"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PlanLineForm(forms.Form):
    item = ItemChoice(label=_("Item"), queryset=Item.objects.filter(active=True).order_by("code"))
    quantity = _quantity(label=_("Quantity"), widget=_number())
    needed_by = forms.DateField(label=_("Needed by"), widget=DateInput(), required=False)
    estimated_price = _price(label=_("Estimated price"), widget=_number(), required=False)
    supplier = SupplierChoice(
        label=_("Suggested supplier"), queryset=Supplier.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    proposed_quantity = _quantity(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        suppliers: Any = None,
        prices: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if suppliers is not None:
            self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]
        if not prices:
            del self.fields["estimated_price"]
        # Shown next to a proposed line: how the system arrived at it (INV-2).
        self.proposal: Any = None


class BasePlanLineFormSet(forms.BaseFormSet):
    def lines(
        self,
        *,
        needed_by: datetime.date,
        prices: dict[int, Decimal],
    ) -> list[plans.PlanLine]:
        """The filled-in, not removed rows as plan lines. A row without its own date is needed
        by the plan's date; without a price field (no permission to see prices) a line keeps
        the price it had, else the item's standard cost."""
        result = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            item: Item = data["item"]
            price = data.get("estimated_price")
            if "estimated_price" not in form.fields:
                price = prices.get(item.pk, item.standard_cost)
            result.append(
                plans.PlanLine(
                    item=item,
                    quantity=data["quantity"],
                    needed_by=data.get("needed_by") or needed_by,
                    estimated_price=price if price is not None else Decimal("0"),
                    supplier=data.get("supplier"),
                    note=data.get("note", ""),
                    proposed_quantity=data.get("proposed_quantity"),
                )
            )
        return result

    def rows(self) -> list[dict[str, Any]]:
        """What was typed, row by row (removed rows left out), to show the form again."""
        names = [name for name in self.form.base_fields if name != "DELETE"]
        result = []
        for form in self.forms:
            if form["DELETE"].value() if "DELETE" in form.fields else False:
                continue
            row = {name: form[name].value() for name in names if name in form.fields}
            if any(row.get(name) not in (None, "") for name in ("item", "quantity")):
                result.append(row)
        return result


PlanLineFormSet = cast(
    type[BasePlanLineFormSet],
    forms.formset_factory(PlanLineForm, formset=BasePlanLineFormSet, extra=0, can_delete=True),
)


def plan_line_initial(line: PurchasePlanLine) -> dict[str, Any]:
    return {
        "item": line.item_id,
        "quantity": plain(line.quantity),
        "needed_by": line.needed_by,
        "estimated_price": plain(line.estimated_price),
        "supplier": line.supplier_id,
        "note": line.note,
        "proposed_quantity": plain(line.proposed_quantity),
    }


# --------------------------------------------------------------------------- contracts


class ContractForm(forms.Form):
    supplier = SupplierChoice(label=_("Supplier"), queryset=Supplier.objects.none())
    currency = forms.ChoiceField(label=_("Currency"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args: Any, suppliers: Any = None, currencies: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if suppliers is not None:
            self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["currency"].choices = [(c, c) for c in currencies or ["CNY"]]  # type: ignore[attr-defined]


class ContractLineForm(forms.Form):
    plan_line = forms.ModelChoiceField(
        queryset=PurchasePlanLine.objects.all(), widget=forms.HiddenInput
    )
    include = forms.BooleanField(label=_("Include"), required=False)
    quantity = _quantity(label=_("Quantity"), widget=_number(), required=False)
    unit_price = _price(label=_("Unit price"), widget=_number(), required=False)
    delivery_date = forms.DateField(label=_("Delivery date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_line_obj: PurchasePlanLine | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("include"):
            for name in ("quantity", "unit_price", "delivery_date"):
                if data.get(name) is None:
                    self.add_error(name, _("Needed for a line on the contract."))
        return data


class BaseContractLineFormSet(forms.BaseFormSet):
    def items(self) -> list[contracts.ContractItem]:
        return [
            contracts.ContractItem(
                plan_line=form.cleaned_data["plan_line"],
                quantity=form.cleaned_data["quantity"],
                unit_price=form.cleaned_data["unit_price"],
                delivery_date=form.cleaned_data["delivery_date"],
            )
            for form in self.forms
            if form.cleaned_data.get("include")
        ]


ContractLineFormSet = cast(
    type[BaseContractLineFormSet],
    forms.formset_factory(ContractLineForm, formset=BaseContractLineFormSet, extra=0),
)


class SignForm(forms.Form):
    follower = EmployeeChoice(
        label=_("Delivery followed by"),
        queryset=Employee.objects.none(),
        help_text=_("The operations specialist who follows the delivery and receives the goods."),
    )

    def __init__(self, *args: Any, followers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if followers is not None:
            self.fields["follower"].queryset = followers  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


# --------------------------------------------------------------------------- receipts


class ReceiptForm(forms.Form):
    location = LocationChoice(label=_("Received into"), queryset=Location.objects.none())
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, locations: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if locations is not None:
            self.fields["location"].queryset = locations  # type: ignore[attr-defined]


class InspectionForm(forms.Form):
    contract_line = forms.ModelChoiceField(
        queryset=ContractLine.objects.none(), widget=forms.HiddenInput
    )
    received = _quantity(label=_("Received"), widget=_number(), required=False)
    accepted = _quantity(label=_("Accepted"), widget=_number(), required=False)
    rejected = _quantity(label=_("Rejected"), widget=_number(), required=False)
    reason = forms.CharField(label=_("Reason for rejection"), max_length=300, required=False)

    def __init__(self, *args: Any, contract_lines: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contract_lines is not None:
            self.fields["contract_line"].queryset = contract_lines  # type: ignore[attr-defined]
        self.line_obj: ContractLine | None = None

    def inspection(self) -> receipts.Inspection | None:
        """The row as an inspection; ``None`` when nothing arrived on this line. A missing
        figure is read from the others: received = accepted + rejected, accepted = received
        − rejected, rejected = 0."""
        data = self.cleaned_data
        received, accepted, rejected = (
            data.get("received"),
            data.get("accepted"),
            data.get("rejected"),
        )
        if not any((received, accepted, rejected)):
            return None
        rejected = rejected or Decimal("0")
        if received is None:
            received = (accepted or Decimal("0")) + rejected
        if accepted is None:
            accepted = received - rejected
        return receipts.Inspection(
            contract_line=data["contract_line"],
            received=received,
            accepted=accepted,
            rejected=rejected,
            reason=data.get("reason", ""),
        )


class BaseInspectionFormSet(forms.BaseFormSet):
    def inspections(self) -> list[receipts.Inspection]:
        rows = [form.inspection() for form in self.forms]
        return [row for row in rows if row is not None]


InspectionFormSet = cast(
    type[BaseInspectionFormSet],
    forms.formset_factory(InspectionForm, formset=BaseInspectionFormSet, extra=0),
)


class SupplierReturnForm(forms.Form):
    """Accepted goods of a receipt going back to the supplier: one quantity per line
    (``q<id>``) that can still be returned, the date and the reason (PROC-5)."""

    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for the return"), max_length=300)

    def __init__(self, *args: Any, lines: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("returned_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Any, Decimal, str]] = []
        for line, left in lines:
            name = f"q{line.pk}"
            self.fields[name] = _quantity(
                label=str(line.item),
                required=False,
                min_value=Decimal("0"),
                widget=_number({"max": plain(left)}),
            )
            self.rows.append((line, left, name))

    def quantities(self) -> dict[Any, Decimal]:
        return {
            line: self.cleaned_data[name]
            for line, _left, name in self.rows
            if self.cleaned_data.get(name)
        }

    def bound_rows(self) -> list[tuple[Any, Decimal, forms.BoundField]]:
        return [(line, left, self[name]) for line, left, name in self.rows]
