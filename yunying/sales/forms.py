"""Web forms of the sales pages: they parse input; the services decide."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunying.core.excel import too_large_message, upload_max_bytes
from yunying.core.models import Employee
from yunying.core.numbers import plain
from yunying.masterdata.models import Customer, Item, Location, Region

from .models import DeliveryLine, Payment, ReceiptProblem, Receivable, SalesOrderLine, SalesTarget
from .services import orders

# --------------------------------------------------------------------------- widgets and fields


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _number(attrs: dict[str, Any] | None = None) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": "0", **(attrs or {})})


def _quantity(**options: Any) -> forms.DecimalField:
    options.setdefault("widget", _number())
    return forms.DecimalField(max_digits=18, decimal_places=3, **options)


def _money(**options: Any) -> forms.DecimalField:
    options.setdefault("widget", _number({"step": "0.01"}))
    return forms.DecimalField(max_digits=18, decimal_places=2, **options)


def _when(**options: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **options
    )


def now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class CustomerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


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
            option["attrs"]["data-unit"] = item.unit
            if self.prices:
                option["attrs"]["data-price"] = plain(item.sales_price)
        return option


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name} {obj.specification}".strip()


class EmployeeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.department.name}"


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.warehouse.code}/{obj.code} {obj.name}"


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return f"{'　' * depth}{obj.name} ({obj.code})"


class DeliveryLineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.item.code} {obj.item.name} × {plain(obj.quantity)}"


class ProblemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} · {obj.description[:40]}"


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


def _queryset(field: forms.Field, rows: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, field).queryset = rows


# --------------------------------------------------------------------------- orders


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

    def __init__(
        self, *args: Any, customers: QuerySet[Customer] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if customers is not None:
            _queryset(self.fields["customer"], customers)


class OrderLineForm(forms.Form):
    item = ItemChoice(
        label=_("Item"), queryset=Item.objects.filter(active=True).order_by("code"), required=False
    )
    quantity = _quantity(label=_("Quantity"), required=False)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=18,
        decimal_places=4,
        required=False,
        widget=_number({"class": "price"}),
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


class QuantitiesForm(forms.Form):
    """One quantity per line (``q<id>``): a delivery notice or a return."""

    def __init__(
        self,
        *args: Any,
        lines: Iterable[tuple[Any, Decimal]] = (),
        initial_left: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Any, Decimal, str]] = []
        for line, left in lines:
            name = f"q{line.pk}"
            self.fields[name] = _quantity(
                label=str(line.item),
                required=False,
                min_value=Decimal("0"),
                initial=plain(left) if initial_left else "",
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


# --------------------------------------------------------------------------- deliveries


class ShipForm(forms.Form):
    carrier = forms.CharField(
        label=_("Carrier"), max_length=100, widget=forms.TextInput(attrs={"list": "carriers"})
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)
    shipped_at = _when(label=_("Shipped at"), required=False)


class DeliveredForm(forms.Form):
    delivered_at = _when(label=_("Delivered at"), required=False)


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
    quantity = _quantity(label=_("Quantity concerned"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, lines: QuerySet[DeliveryLine] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if lines is not None:
            _queryset(self.fields["line"], lines)


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
            _queryset(self.fields["location"], locations)
            first = locations.first()
            if first is not None:
                self.fields["location"].initial = first.pk
        if problems is not None:
            _queryset(self.fields["problem"], problems)


# --------------------------------------------------------------------------- receivables


ALLOCATE_AUTO = "auto"
ALLOCATE_CHOSEN = "chosen"


class PaymentForm(forms.Form):
    customer = CustomerChoice(label=_("Customer"), queryset=Customer.objects.none())
    amount = _money(label=_("Amount"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
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
            _queryset(self.fields["customer"], customers)
        self.receivables: list[tuple[Receivable, str]] = []
        for receivable in receivables:
            name = f"r{receivable.pk}"
            self.fields[name] = _money(
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


# --------------------------------------------------------------------------- targets


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
    orders_amount = _money(label=_("Orders target"), min_value=Decimal("0"), initial=0)
    revenue_amount = _money(
        label=_("Revenue target (delivered)"), min_value=Decimal("0"), initial=0
    )
    collection_amount = _money(label=_("Collection target"), min_value=Decimal("0"), initial=0)

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
            _queryset(self.fields["salesperson"], salespeople)
        if parents is not None:
            _queryset(self.fields["parent"], parents)

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


# --------------------------------------------------------------------------- statistics


class RangeForm(forms.Form):
    """A date range (GET); empty ends are open."""

    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def bounds(self) -> tuple[datetime.date | None, datetime.date | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")
