"""Web forms of the master data pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yunying.core import access
from yunying.core.excel import too_large_message, upload_max_bytes
from yunying.core.models import Department, Employee

from . import selectors
from .models import Customer, Item, ItemCategory, Location, Supplier

NAME = capfirst(_("name"))  # the name of a thing (名称), not of a person (姓名)


def _quantity(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=18, decimal_places=3, min_value=0, initial=0)


def _price(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=18, decimal_places=4, min_value=0, initial=0)


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.department.name})"


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        blocked = f" ({_('blocked')})" if obj.blocked else ""
        return f"{obj.code} {obj.name}{blocked}"


class RegionChoiceField(forms.ModelChoiceField):
    """Regions in tree order, indented by depth."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * selectors.depth(obj)}{obj.name} ({obj.code})"


def _employees(required: bool, label: Any) -> EmployeeChoiceField:
    return EmployeeChoiceField(
        label=label, queryset=selectors.active_employees(), required=required
    )


# ----------------------------------------------------------------------------- items


class CategoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=NAME, max_length=100)


class ItemForm(forms.Form):
    code = forms.CharField(label=_("Item code"), max_length=40)
    name = forms.CharField(label=NAME, max_length=200)
    specification = forms.CharField(label=_("Specification"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=20, initial="pcs")
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ItemCategory.objects.order_by("code")
    )
    safety_stock = _quantity(_("Safety stock"))
    reorder_quantity = _quantity(_("Reorder quantity"))
    lead_time_days = forms.IntegerField(
        label=_("Lead time (days)"), min_value=0, max_value=36500, initial=0
    )
    default_supplier = SupplierChoiceField(
        label=_("Default supplier"), queryset=Supplier.objects.none(), required=False
    )
    standard_cost = _price(_("Standard cost"))
    sales_price = _price(_("List price"))
    planner = _employees(False, _("Responsible specialist"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        actor: Employee,
        item: Item | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["planner"].help_text = _("Receives the replenishment alerts of this item.")
        if item is not None:
            self.fields["code"].disabled = True
        # Prices are protected (ORG-4): without the permission they are neither shown nor set.
        if not selectors.prices_visible(actor):
            del self.fields["standard_cost"], self.fields["sales_price"]
        # The default supplier is offered to those who may see it (and the suppliers within
        # their scope); for others the field is left out, so the current one stays.
        current = item.default_supplier if item is not None else None
        if access.has_perm(actor, selectors.VIEW_SUPPLIER) and (
            current is None or access.in_scope(actor, selectors.VIEW_SUPPLIER, current)
        ):
            field = cast(forms.ModelChoiceField, self.fields["default_supplier"])
            field.queryset = selectors.suppliers_visible_to(actor)
        else:
            del self.fields["default_supplier"]

    @staticmethod
    def initial_for(item: Item) -> dict[str, Any]:
        return {
            name: getattr(item, name)
            for name in (
                "code",
                "name",
                "specification",
                "unit",
                "category",
                "safety_stock",
                "reorder_quantity",
                "lead_time_days",
                "default_supplier",
                "standard_cost",
                "sales_price",
                "planner",
                "active",
            )
        }


# ----------------------------------------------------------------------------- parties


class PartyForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=NAME, max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    payment_terms_days = forms.IntegerField(
        label=_("Payment terms (days)"), min_value=0, max_value=36500, initial=30
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.none()
    )
    owner = _employees(False, _("Responsible person"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    manage_code = ""
    fields_of_party: tuple[str, ...] = (
        "code",
        "name",
        "contact_person",
        "phone",
        "email",
        "address",
        "payment_terms_days",
        "department",
        "owner",
        "active",
    )

    def __init__(
        self, *args: Any, actor: Employee, party: Supplier | Customer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if party is not None:
            self.fields["code"].disabled = True
        allowed = [d.pk for d in selectors.departments_for(actor, self.manage_code)]
        if party is not None:
            allowed.append(party.department_id)
        field = cast(forms.ModelChoiceField, self.fields["department"])
        field.queryset = Department.objects.filter(pk__in=allowed).order_by("path")
        if party is None and actor.department_id in allowed:
            self.initial.setdefault("department", actor.department_id)
            self.initial.setdefault("owner", actor.pk)

    @classmethod
    def initial_for(cls, party: Supplier | Customer) -> dict[str, Any]:
        return {name: getattr(party, name) for name in cls.fields_of_party}


class SupplierForm(PartyForm):
    manage_code = selectors.MANAGE_SUPPLIER


class CustomerForm(PartyForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Customer.Kind.choices)
    region = RegionChoiceField(label=_("Region"), queryset=selectors.regions())
    credit_limit = forms.DecimalField(
        label=_("Credit limit"), max_digits=18, decimal_places=2, min_value=0, initial=0
    )

    manage_code = selectors.MANAGE_CUSTOMER
    fields_of_party = (*PartyForm.fields_of_party, "kind", "region", "credit_limit")
    field_order = ["code", "name", "kind", "region", "credit_limit", "payment_terms_days"]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)  # a person's name (姓名)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class BlockForm(forms.Form):
    """The reason is checked by the service (PROC-7), so that the rule lives in one place."""

    reason = forms.CharField(
        label=_("Reason for blocking"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=300,
    )


class RegionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=NAME, max_length=100)
    parent = RegionChoiceField(
        label=_("Parent region"),
        queryset=selectors.regions(),
        required=False,
        empty_label=_("— none: a top region —"),
    )
    manager = _employees(False, _("Regional manager"))


# ----------------------------------------------------------------------------- warehouses


class WarehouseForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=NAME, max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class LocationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=NAME, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Location.Kind.choices)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


# ----------------------------------------------------------------------------- import


class ImportForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx); save .xls or .csv files as .xlsx first.")
            )
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(too_large_message())
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(
                _("The file is not an Excel workbook (.xlsx), whatever its name says.")
            )
        return upload
