"""Forms of the order pages: the order's header and its lines (SALES-1), the reason to cancel,
and the Excel file of an import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yunying.core.excel import too_large_message, upload_max_bytes
from yunying.core.numbers import plain
from yunying.core.units import unit_label
from yunying.masterdata.models import Customer, Item

from ..models import SalesOrderLine
from ..services import orders
from .common import CustomerChoice, DateInput, number_input, quantity_field, set_queryset


class ItemSelect(forms.Select):
    """An item select whose options carry the unit and, for those who may see it, the list
    price (the page fills an empty price from it)."""

    def __init__(self, *args: Any, prices: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prices = prices

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        item = getattr(option["value"], "instance", None)
        if isinstance(item, Item):
            option["attrs"]["data-unit"] = unit_label(item.unit)
            if self.prices:
                option["attrs"]["data-price"] = plain(item.sales_price)
        return option


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name} {obj.specification}".strip()


class OrderForm(forms.Form):
    customer = CustomerChoice(label=_("Customer"), queryset=Customer.objects.none())
    promised_date = forms.DateField(label=_("Promised delivery date"), widget=DateInput())
    customer_reference = forms.CharField(
        label=_("Customer's order number"), max_length=60, required=False
    )
    delivery_address = forms.CharField(
        label=_("Delivery address"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to deliver to the customer's address."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    promotion = forms.TypedChoiceField(
        label=_("Promotion"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The promotion that brought the order, if any."),
    )

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Customer] | None = None,
        promotions: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if customers is not None:
            set_queryset(self.fields["customer"], customers)
        field = cast(forms.TypedChoiceField, self.fields["promotion"])
        field.choices = [("", "—"), *promotions]


class OrderLineForm(forms.Form):
    item = ItemChoice(
        label=_("Item"), queryset=Item.objects.filter(active=True).order_by("code"), required=False
    )
    quantity = quantity_field(label=_("Quantity"), required=False)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=18,
        decimal_places=4,
        required=False,
        widget=number_input({"class": "price"}),
    )
    allow_backorder = forms.BooleanField(label=_("Backorder allowed"), required=False)

    def __init__(self, *args: Any, prices: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["item"])
        field.widget = ItemSelect(prices=prices, choices=field.choices)
        self.prices = prices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or self.is_blank(data):
            return data
        if data.get("item") is None:
            self.add_error("item", _("Choose the item."))
        if data.get("quantity") is None:
            self.add_error("quantity", _("Give the quantity."))
        if data.get("unit_price") is None and not self.prices:
            self.add_error("unit_price", _("Give the price."))
        return data

    @staticmethod
    def is_blank(data: dict[str, Any]) -> bool:
        return all(data.get(name) in (None, "") for name in ("item", "quantity", "unit_price"))


class BaseOrderLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[orders.OrderLine]:
        """The filled-in, not removed rows; an empty price is the item's list price."""
        result = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or OrderLineForm.is_blank(data):
                continue
            item: Item = data["item"]
            price = data.get("unit_price")
            result.append(
                orders.OrderLine(
                    item=item,
                    quantity=data["quantity"],
                    unit_price=item.sales_price if price is None else price,
                    allow_backorder=bool(data.get("allow_backorder")),
                )
            )
        return result

    def rows(self) -> list[dict[str, Any]]:
        """What was typed, row by row (removed rows left out), to show the form again."""
        result = []
        for form in self.forms:
            if form["DELETE"].value():
                continue
            row = {name: form[name].value() for name in ("item", "quantity", "unit_price")}
            row["allow_backorder"] = form["allow_backorder"].value()
            if any(row.get(name) not in (None, "") for name in ("item", "quantity")):
                result.append(row)
        return result


OrderLineFormSet = cast(
    type[BaseOrderLineFormSet],
    forms.formset_factory(OrderLineForm, formset=BaseOrderLineFormSet, extra=0, can_delete=True),
)


def order_line_initial(line: SalesOrderLine) -> dict[str, Any]:
    return {
        "item": line.item_id,
        "quantity": plain(line.quantity),
        "unit_price": plain(line.unit_price),
        "allow_backorder": line.allow_backorder,
    }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OrderImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(too_large_message())
        return upload
