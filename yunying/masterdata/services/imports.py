"""Excel imports of master data and opening stock, and the templates to fill in.

An import is all or nothing: every row is read and checked first; if any row is wrong nothing
is written and the caller gets the list of errors, each naming the row as Excel numbers it (the
header is row 1) and the column. Otherwise each row creates a record or updates the one with the
same code, through the services in :mod:`.records` (each write checked and audited), inside one
transaction. Row errors are returned, never raised; a file that is not a workbook, or a missing
permission, raises the usual domain errors.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial
from typing import IO, Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from yunying.core import access, excel, tx
from yunying.core.errors import DomainError, ValidationFailed
from yunying.core.models import Department, Employee

from ..models import Customer, Item, ItemCategory, Location, Region, Supplier, Warehouse
from . import records
from .records import MANAGE_CUSTOMER, MANAGE_ITEMS, MANAGE_SUPPLIER, VIEW_PRICES, VIEW_SUPPLIER

IMPORT_OPENING = "inventory.import_opening"
MAX_ROWS = 20000
CHUNK = 500

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


# ----------------------------------------------------------------------------- the sheets


@dataclass(frozen=True)
class Column:
    key: str  # the service's field name; errors the service raises name it
    label: Promise
    required: bool = False
    example: Any = ""
    hint: Promise | str = ""


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: Promise
    permission: str
    columns: tuple[Column, ...]

    def column(self, key: str | None) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def label(self, key: str | None) -> str:
        column = self.column(key)
        return str(column.label) if column else ""


NAME = capfirst(gettext_lazy("name"))  # of a thing (名称), not a person (姓名)
YES_NO = gettext_lazy("yes or no; empty means yes")
NOT_NEGATIVE = gettext_lazy("a number, not negative")

ITEMS = Sheet(
    "items",
    gettext_lazy("Items"),
    MANAGE_ITEMS,
    (
        Column("code", gettext_lazy("Item code"), True, "PV-M450"),
        Column("name", NAME, True, "单晶光伏组件"),
        Column("specification", gettext_lazy("Specification"), False, "450W 108 片"),
        Column("unit", gettext_lazy("Unit"), False, "块"),
        Column(
            "category",
            gettext_lazy("Category code"),
            True,
            "MOD",
            gettext_lazy("the code of an existing item category"),
        ),
        Column("safety_stock", gettext_lazy("Safety stock"), False, 100, NOT_NEGATIVE),
        Column("reorder_quantity", gettext_lazy("Reorder quantity"), False, 50, NOT_NEGATIVE),
        Column(
            "lead_time_days",
            gettext_lazy("Lead time (days)"),
            False,
            20,
            gettext_lazy("a whole number of days"),
        ),
        Column(
            "default_supplier",
            gettext_lazy("Default supplier code"),
            False,
            "S001",
            gettext_lazy("the code of a supplier you may see"),
        ),
        Column("standard_cost", gettext_lazy("Standard cost"), False, 500, NOT_NEGATIVE),
        Column("sales_price", gettext_lazy("List price"), False, 620, NOT_NEGATIVE),
        Column(
            "planner",
            gettext_lazy("Planner (username)"),
            False,
            "ops_specialist",
            gettext_lazy("the username of the responsible specialist"),
        ),
        Column("active", gettext_lazy("Active"), False, "yes", YES_NO),
    ),
)

_PARTY_HEAD = (
    Column("contact_person", gettext_lazy("Contact person"), False, "王经理"),
    Column("phone", gettext_lazy("Phone"), False, "0551-62001234"),
    Column("email", gettext_lazy("Email"), False, "sales@example.com"),
    Column("address", gettext_lazy("Address"), False, "合肥市高新区创新大道 100 号"),
)
_PARTY_TAIL = (
    Column(
        "department",
        gettext_lazy("Responsible department code"),
        True,
        "PROC",
        gettext_lazy("the code of a department within your data scope"),
    ),
    Column(
        "owner",
        gettext_lazy("Responsible person (username)"),
        False,
        "buyer",
        gettext_lazy("the username of an active employee"),
    ),
)

SUPPLIERS = Sheet(
    "suppliers",
    gettext_lazy("Suppliers"),
    MANAGE_SUPPLIER,
    (
        Column("code", gettext_lazy("Supplier code"), True, "S100"),
        Column("name", NAME, True, "示例光伏材料有限公司"),
        *_PARTY_HEAD,
        Column(
            "payment_terms_days",
            gettext_lazy("Payment terms (days)"),
            False,
            30,
            gettext_lazy("a whole number of days"),
        ),
        *_PARTY_TAIL,
    ),
)

CUSTOMERS = Sheet(
    "customers",
    gettext_lazy("Customers"),
    MANAGE_CUSTOMER,
    (
        Column("code", gettext_lazy("Customer code"), True, "C100"),
        Column("name", NAME, True, "示例新能源工程有限公司"),
        Column(
            "kind",
            gettext_lazy("Type"),
            False,
            "直销",
            gettext_lazy("direct or distributor (直销 or 经销商); empty means direct"),
        ),
        Column(
            "region",
            gettext_lazy("Region code"),
            True,
            "SH",
            gettext_lazy("the code of an existing sales region"),
        ),
        Column("credit_limit", gettext_lazy("Credit limit"), False, 500000, NOT_NEGATIVE),
        Column(
            "payment_terms_days",
            gettext_lazy("Payment terms (days)"),
            False,
            30,
            gettext_lazy("a whole number of days"),
        ),
        *_PARTY_HEAD,
        Column(
            "department",
            gettext_lazy("Responsible department code"),
            True,
            "OPS",
            gettext_lazy("the code of a department within your data scope"),
        ),
        Column(
            "owner",
            gettext_lazy("Responsible person (username)"),
            False,
            "ops_specialist",
            gettext_lazy("the username of an active employee"),
        ),
    ),
)

OPENING = Sheet(
    "opening",
    gettext_lazy("Opening stock"),
    IMPORT_OPENING,
    (
        Column("item", gettext_lazy("Item code"), True, "PV-M550"),
        Column("warehouse", gettext_lazy("Warehouse code"), True, "HF"),
        Column(
            "location",
            gettext_lazy("Location code"),
            True,
            "A-01",
            gettext_lazy("a location of that warehouse"),
        ),
        Column(
            "quantity",
            gettext_lazy("Quantity"),
            True,
            100,
            gettext_lazy("a number greater than zero"),
        ),
        Column("unit_cost", gettext_lazy("Unit cost"), True, 620, NOT_NEGATIVE),
    ),
)

SHEETS: dict[str, Sheet] = {s.kind: s for s in (ITEMS, SUPPLIERS, CUSTOMERS, OPENING)}


def sheet_for(kind: str) -> Sheet:
    if kind not in SHEETS:
        raise ValidationFailed(_("Unknown kind of import “%(kind)s”.") % {"kind": kind})
    return SHEETS[kind]


def may_import(actor: Employee | None, kind: str) -> bool:
    return kind in SHEETS and access.has_perm(actor, SHEETS[kind].permission)


def columns_for(actor: Employee | None, kind: str) -> tuple[Column, ...]:
    """The columns of the template; the prices only for those who may see them (ORG-4)."""
    sheet = sheet_for(kind)
    if kind == "items" and not access.has_perm(actor, VIEW_PRICES):
        return tuple(c for c in sheet.columns if c.key not in records.PRICE_FIELDS)
    return sheet.columns


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as Excel numbers it (``None``: the file as a whole)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    number: str = ""  # the opening stock document posted

    @property
    def ok(self) -> bool:
        return not self.errors


def _describe(error: DomainError) -> str:
    return f"{error} [{error.clause}]" if error.clause else str(error)


# ----------------------------------------------------------------------------- templates


def template(kind: str, *, actor: Employee | None) -> bytes:
    """The workbook to fill in: the header row (with a note on each column) and one example."""
    sheet = sheet_for(kind)
    columns = columns_for(actor, kind)
    workbook = Workbook()
    worksheet = workbook.worksheets[0]
    worksheet.title = str(sheet.title)[:31]
    worksheet.append([str(c.label) for c in columns])
    worksheet.append([_example(c) for c in columns])
    required = PatternFill("solid", fgColor="E3F4EC")
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        note = str(_("Required.")) if column.required else str(_("Optional."))
        if column.hint:
            note = f"{note} {column.hint}"
        cell.comment = Comment(note, str(_("Yunying")))
        if column.required:
            cell.fill = required
        width = max(len(str(column.label)) * 2, len(str(column.example))) + 4
        worksheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example(column: Column) -> Any:
    if column.key == "active":
        return str(_("yes"))
    if column.key == "kind" and not translation.get_language().startswith("zh"):
        return Customer.Kind.DIRECT.value
    return column.example


# ----------------------------------------------------------------------------- reading


def _variants(text: Promise | str) -> set[str]:
    """How ``text`` reads in every language of the site, normalised for matching."""
    names = {_norm(str(text))}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_norm(str(text)))
    return names


def _norm(value: str) -> str:
    return " ".join(str(value).replace("*", "").replace("＊", "").split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Raw:
    number: int
    values: dict[str, Any]


def _read(file: IO[bytes] | str, sheet: Sheet, errors: list[RowError]) -> list[_Raw]:
    """The rows of the first worksheet as {column key: cell value}; problems with the header go
    to ``errors`` (row 1). A file beyond the limits (``core.excel.read_sheet``: its size, what
    it unpacks to, ``MAX_ROWS`` rows, empty ones included, the time to read it) or a damaged one
    is refused with a ``ValidationFailed`` on ``file``."""
    rows = excel.read_sheet(file, max_rows=MAX_ROWS)
    try:
        _number, header = next(rows, (1, ()))
        if all(_blank(v) for v in header):
            errors.append(RowError(1, "", _("The header row is missing.")))
            return []
        positions = _positions(header, sheet, errors)
        if errors:
            return []
        result: list[_Raw] = []
        for number, values in rows:
            if all(_blank(v) for v in values):
                continue
            result.append(
                _Raw(
                    number,
                    {
                        key: values[index] if index < len(values) else None
                        for key, index in positions.items()
                    },
                )
            )
        if not result:
            errors.append(RowError(None, "", _("The file has no rows below the header.")))
        return result
    finally:
        rows.close()


def _positions(header: Sequence[Any], sheet: Sheet, errors: list[RowError]) -> dict[str, int]:
    names = {c.key: _variants(c.label) | {_norm(c.key)} for c in sheet.columns}
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        if _blank(value):
            continue
        text = _norm(str(value))
        for key, variants in names.items():
            if text in variants:
                if key in positions:
                    errors.append(RowError(1, str(value), _("This column appears more than once.")))
                positions[key] = index
                break
    for column in sheet.columns:
        if column.required and column.key not in positions:
            errors.append(RowError(1, str(column.label), _("The column is missing.")))
    return positions


# ----------------------------------------------------------------------------- parsing cells

_TRUE = {"1", "y", "yes", "true", "是", "有效", "启用", "√", "active"}
_FALSE = {"0", "n", "no", "false", "否", "无效", "停用", "×", "inactive"}
_KINDS = {
    Customer.Kind.DIRECT: {"direct", "直销", "直销客户", "直客"},
    Customer.Kind.DISTRIBUTOR: {"distributor", "经销商", "经销", "分销商"},
}


@lru_cache(maxsize=1)
def _answers() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """The words accepted for yes, no and each customer type, in every language of the site."""
    yes = frozenset(_TRUE | _variants(gettext_lazy("yes")))
    no = frozenset(_FALSE | _variants(gettext_lazy("no")))
    kinds = {
        str(kind.value): frozenset(names | _variants(kind.label) | {kind.value})
        for kind, names in _KINDS.items()
    }
    return yes, no, kinds


class _Row:
    """One data row: each accessor returns the parsed value, or ``None`` when the cell is
    empty or wrong (and then records the error)."""

    def __init__(self, sheet: Sheet, raw: _Raw, errors: list[RowError]) -> None:
        self.sheet, self.number, self.values, self.errors = sheet, raw.number, raw.values, errors
        self.ok = True

    def error(self, key: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, self.sheet.label(key), message))

    def present(self, key: str) -> bool:
        return not _blank(self.values.get(key))

    def _value(self, key: str) -> Any:
        value = self.values.get(key)
        if _blank(value):
            column = self.sheet.column(key)
            if column is not None and column.required:
                self.error(key, _("This field is required."))
            return None
        if isinstance(value, str):
            return value.strip()
        return value

    def _clean(self, key: str, form_field: forms.Field, value: Any) -> Any:
        try:
            return form_field.clean(value)
        except ValidationError as problem:
            self.error(key, problem.messages[0])
            return None

    def text(self, key: str, model: type[models.Model], name: str | None = None) -> str | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        limit = getattr(model._meta.get_field(name or key), "max_length", None)
        result = self._clean(key, forms.CharField(max_length=limit, required=False), str(value))
        return None if result is None else str(result)

    def email(self, key: str) -> str | None:
        value = self._value(key)
        return None if value is None else self._clean(key, forms.EmailField(), str(value))

    def decimal(self, key: str, *, places: int, positive: bool = False) -> Decimal | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(key, _("Enter a number."))
            return None
        if isinstance(value, float):  # a computed cell: round to the places kept
            value = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        elif isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace(" ", "")
        result = self._clean(
            key, forms.DecimalField(max_digits=18, decimal_places=places, min_value=0), value
        )
        if result is not None and positive and result <= 0:
            self.error(key, _("Enter a number greater than zero."))
            return None
        return result

    def integer(self, key: str) -> int | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(key, _("Enter a whole number."))
            return None
        return self._clean(key, forms.IntegerField(min_value=0, max_value=36500), value)

    def boolean(self, key: str) -> bool | None:
        value = self._value(key)
        if value is None or isinstance(value, bool):
            return value
        text = _norm(str(int(value) if isinstance(value, float) else value))
        yes, no, _kinds = _answers()
        if text in yes:
            return True
        if text in no:
            return False
        self.error(key, _("Enter yes or no."))
        return None

    def kind(self, key: str) -> str | None:
        value = self._value(key)
        if value is None:
            return None
        text = _norm(str(value))
        for kind, names in _answers()[2].items():
            if text in names:
                return kind
        self.error(key, _("Enter direct or distributor (直销 or 经销商)."))
        return None

    def lookup(self, key: str, table: Mapping[str, T], message: str) -> T | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found = table.get(str(value).strip())
        if found is None:
            self.error(key, message % {"code": value})
        return found


# ----------------------------------------------------------------------------- lookups


def _by_code(model: type[M], codes: Iterable[str], queryset: Any = None) -> dict[str, M]:
    rows = queryset if queryset is not None else model._default_manager.all()
    wanted = sorted({c for c in codes if c})
    found: dict[str, M] = {}
    for start in range(0, len(wanted), CHUNK):
        for obj in rows.filter(code__in=wanted[start : start + CHUNK]):
            found[str(getattr(obj, "code"))] = obj  # noqa: B009 - M has no "code" for mypy
    return found


def _codes(raws: Iterable[_Raw], key: str) -> set[str]:
    codes = set()
    for raw in raws:
        value = raw.values.get(key)
        if not _blank(value):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            codes.add(str(value).strip())
    return codes


def _employees(raws: Iterable[_Raw], key: str) -> dict[str, Employee]:
    names = sorted(_codes(raws, key))
    found: dict[str, Employee] = {}
    for start in range(0, len(names), CHUNK):
        for employee in Employee.objects.filter(
            active=True, user__username__in=names[start : start + CHUNK]
        ).select_related("user"):
            found[employee.user.username] = employee
    return found


def _unique_codes(rows: list[tuple[_Row, str]]) -> None:
    seen: dict[str, int] = {}
    for row, code in rows:
        if code in seen:
            row.error(
                "code",
                _("The code “%(code)s” appears already in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = row.number


# ----------------------------------------------------------------------------- writing


@dataclass
class _Write:
    number: int
    create: bool
    action: Callable[[], object]


def _write(sheet: Sheet, writes: list[_Write]) -> ImportResult:
    """All rows in one transaction; a refused row is reported and, at the end, everything is
    rolled back if any row was refused."""
    result = ImportResult()
    errors: list[RowError] = []
    with tx.atomic():
        for write in writes:
            try:
                with tx.atomic(savepoint=True):
                    write.action()
            except DomainError as error:
                errors.append(RowError(write.number, sheet.label(error.field), _describe(error)))
                continue
            if write.create:
                result.created += 1
            else:
                result.updated += 1
        if errors:
            transaction.set_rollback(True)
            return ImportResult(errors=errors)
    return result


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose cells were filled in (an empty cell keeps the current value)."""
    return {k: v for k, v in values.items() if v is not None}


# ----------------------------------------------------------------------------- the imports


def _upsert(
    kind: Sheet,
    parsed: list[tuple[_Row, str, dict[str, Any]]],
    existing: dict[str, Any],
    *,
    create: Callable[..., object],
    update: Callable[..., object],
    target: str,
    actor: Employee,
) -> ImportResult:
    """Create the new codes and update the existing ones, all in one transaction."""
    writes = []
    for row, code, values in parsed:
        given = _given(values)
        current = existing.get(code)
        if current is None:
            writes.append(
                _Write(row.number, True, partial(create, code=code, actor=actor, **given))
            )
        else:
            call = partial(update, **{target: current}, actor=actor, **given)
            writes.append(_Write(row.number, False, call))
    return _write(kind, writes)


def import_items(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Items: create new codes, update existing ones (masterdata.manage_items)."""
    access.require(actor, MANAGE_ITEMS)
    errors: list[RowError] = []
    raws = _read(file, ITEMS, errors)
    if errors:
        return ImportResult(errors=errors)
    prices = access.has_perm(actor, VIEW_PRICES)
    categories = _by_code(ItemCategory, _codes(raws, "category"))
    suppliers = _by_code(
        Supplier,
        _codes(raws, "default_supplier"),
        access.scope(Supplier.objects.all(), actor, VIEW_SUPPLIER),
    )
    planners = _employees(raws, "planner")
    existing = _by_code(Item, _codes(raws, "code"))
    parsed: list[tuple[_Row, str, dict[str, Any]]] = []
    for raw in raws:
        row = _Row(ITEMS, raw, errors)
        code = row.text("code", Item)
        values = {
            "name": row.text("name", Item),
            "specification": row.text("specification", Item),
            "unit": row.text("unit", Item),
            "category": row.lookup(
                "category", categories, _("No item category has the code “%(code)s”.")
            ),
            "safety_stock": row.decimal("safety_stock", places=3),
            "reorder_quantity": row.decimal("reorder_quantity", places=3),
            "lead_time_days": row.integer("lead_time_days"),
            "default_supplier": row.lookup(
                "default_supplier",
                suppliers,
                _("No supplier you may see has the code “%(code)s”."),
            ),
            "planner": row.lookup(
                "planner", planners, _("No active employee has the username “%(code)s”.")
            ),
            "active": row.boolean("active"),
        }
        for key in records.PRICE_FIELDS:
            if not row.present(key):
                continue
            if not prices:
                row.error(key, _("Only those who may see prices may set them."))
                continue
            values[key] = row.decimal(key, places=4)
        if code:
            parsed.append((row, code, values))
    _unique_codes([(row, code) for row, code, _values in parsed])
    if errors:
        return ImportResult(errors=errors)

    return _upsert(
        ITEMS,
        parsed,
        existing,
        create=records.create_item,
        update=records.update_item,
        target="item",
        actor=actor,
    )


def _party_values(
    row: _Row,
    model: type[Supplier] | type[Customer],
    departments: Mapping[str, Department],
    owners: Mapping[str, Employee],
) -> dict[str, Any]:
    return {
        "name": row.text("name", model),
        "contact_person": row.text("contact_person", model),
        "phone": row.text("phone", model),
        "email": row.email("email"),
        "address": row.text("address", model),
        "payment_terms_days": row.integer("payment_terms_days"),
        "department": row.lookup(
            "department", departments, _("No department has the code “%(code)s”.")
        ),
        "owner": row.lookup("owner", owners, _("No active employee has the username “%(code)s”.")),
    }


def import_suppliers(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Suppliers: create new codes, update existing ones, within the actor's scope for
    masterdata.manage_supplier (ORG-4)."""
    access.require(actor, MANAGE_SUPPLIER)
    errors: list[RowError] = []
    raws = _read(file, SUPPLIERS, errors)
    if errors:
        return ImportResult(errors=errors)
    departments = _by_code(Department, _codes(raws, "department"))
    owners = _employees(raws, "owner")
    existing = _by_code(Supplier, _codes(raws, "code"))
    parsed: list[tuple[_Row, str, dict[str, Any]]] = []
    for raw in raws:
        row = _Row(SUPPLIERS, raw, errors)
        code = row.text("code", Supplier)
        values = _party_values(row, Supplier, departments, owners)
        if code:
            parsed.append((row, code, values))
    _unique_codes([(row, code) for row, code, _values in parsed])
    if errors:
        return ImportResult(errors=errors)
    return _upsert(
        SUPPLIERS,
        parsed,
        existing,
        create=records.create_supplier,
        update=records.update_supplier,
        target="supplier",
        actor=actor,
    )


def import_customers(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Customers: create new codes, update existing ones, within the actor's scope for
    masterdata.manage_customer (ORG-4)."""
    access.require(actor, MANAGE_CUSTOMER)
    errors: list[RowError] = []
    raws = _read(file, CUSTOMERS, errors)
    if errors:
        return ImportResult(errors=errors)
    departments = _by_code(Department, _codes(raws, "department"))
    owners = _employees(raws, "owner")
    regions = _by_code(Region, _codes(raws, "region"))
    existing = _by_code(Customer, _codes(raws, "code"))
    parsed: list[tuple[_Row, str, dict[str, Any]]] = []
    for raw in raws:
        row = _Row(CUSTOMERS, raw, errors)
        code = row.text("code", Customer)
        values = {
            **_party_values(row, Customer, departments, owners),
            "kind": row.kind("kind"),
            "region": row.lookup("region", regions, _("No region has the code “%(code)s”.")),
            "credit_limit": row.decimal("credit_limit", places=2),
        }
        if code:
            parsed.append((row, code, values))
    _unique_codes([(row, code) for row, code, _values in parsed])
    if errors:
        return ImportResult(errors=errors)
    return _upsert(
        CUSTOMERS,
        parsed,
        existing,
        create=records.create_customer,
        update=records.update_customer,
        target="customer",
        actor=actor,
    )


def import_opening_stock(file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    """Opening stock: every row checked, then all posted as one document through
    ``inventory.services.opening`` (inventory.import_opening); nothing is posted otherwise."""
    # The one place master data calls up into inventory: the import page lives here.
    from yunying.inventory.services.opening import OpeningLine, post_opening_stock

    access.require(actor, IMPORT_OPENING)
    errors: list[RowError] = []
    raws = _read(file, OPENING, errors)
    if errors:
        return ImportResult(errors=errors)
    items = _by_code(Item, _codes(raws, "item"))
    warehouses = _by_code(Warehouse, _codes(raws, "warehouse"))
    locations = {
        (loc.warehouse_id, loc.code): loc
        for loc in Location.objects.filter(warehouse__in=list(warehouses.values()))
    }
    lines: list[OpeningLine] = []
    seen: dict[tuple[int, int], int] = {}
    for raw in raws:
        row = _Row(OPENING, raw, errors)
        item = row.lookup("item", items, _("No item has the code “%(code)s”."))
        warehouse = row.lookup("warehouse", warehouses, _("No warehouse has the code “%(code)s”."))
        location: Location | None = None
        code = row.text("location", Location, "code")
        if code and warehouse is not None:
            location = locations.get((warehouse.pk, code))
            if location is None:
                row.error(
                    "location",
                    _("%(warehouse)s has no location “%(code)s”.")
                    % {"warehouse": warehouse.code, "code": code},
                )
            elif not location.active:
                row.error("location", _("The location “%(code)s” is not active.") % {"code": code})
        quantity = row.decimal("quantity", places=3, positive=True)
        unit_cost = row.decimal("unit_cost", places=4)
        if not (row.ok and item and location and quantity is not None and unit_cost is not None):
            continue
        key = (item.pk, location.pk)
        if key in seen:
            row.error(
                "location",
                _("%(item)s at %(location)s appears already in row %(row)s.")
                % {"item": item.code, "location": location, "row": seen[key]},
            )
            continue
        seen[key] = row.number
        lines.append(OpeningLine(item.pk, location.pk, quantity, unit_cost))
    if errors:
        return ImportResult(errors=errors)
    try:
        number = post_opening_stock(lines=lines, actor=actor)
    except DomainError as error:
        return ImportResult(errors=[RowError(None, "", _describe(error))])
    return ImportResult(created=len(lines), number=number)


IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    "items": import_items,
    "suppliers": import_suppliers,
    "customers": import_customers,
    "opening": import_opening_stock,
}


def run_import(kind: str, file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    sheet_for(kind)
    return IMPORTERS[kind](file, actor=actor)
