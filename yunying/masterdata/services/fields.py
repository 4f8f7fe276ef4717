"""How every master data write treats its fields: text trimmed, numbers parsed and not
negative, codes unique, the model's own field rules applied, and the change saved and audited
with what it was before and after."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit

M = TypeVar("M", bound=models.Model)

DECIMALS = {"safety_stock", "reorder_quantity", "standard_cost", "sales_price", "credit_limit"}
INTEGERS = {"lead_time_days", "payment_terms_days"}


def label(model: type[models.Model], name: str) -> str:
    """The field's name as users read it (its verbose name), or ``name`` itself."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", name)))


def clean(model: type[models.Model], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed strings, numbers parsed and not negative, required text present."""
    result: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name in DECIMALS and value is not None:
            value = _decimal(model, name, value)
        if name in INTEGERS and value is not None:
            value = _integer(model, name, value)
        result[name] = value
    if "name" in result and not result["name"]:
        raise ValidationFailed(_("This field is required."), field="name")
    return result


def _decimal(model: type[models.Model], name: str, value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            _("%(field)s: enter a number.") % {"field": label(model, name)}, field=name
        ) from None
    if not number.is_finite() or number < 0:
        raise ValidationFailed(
            _("%(field)s cannot be negative.") % {"field": label(model, name)}, field=name
        )
    return number


def _integer(model: type[models.Model], name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("%(field)s: enter a whole number.") % {"field": label(model, name)},
            field=name,
        ) from None
    if number < 0:
        raise ValidationFailed(
            _("%(field)s cannot be negative.") % {"field": label(model, name)}, field=name
        )
    return number


def unique_code(model: type[models.Model], code: str, what: str) -> str:
    """The code trimmed; refused when empty or when a ``what`` has it already."""
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("This field is required."), field="code")
    if model._default_manager.filter(code=code).exists():
        raise ValidationFailed(
            _("A %(what)s with code “%(code)s” exists.") % {"what": what, "code": code},
            field="code",
        )
    return code


def validate(obj: models.Model, names: tuple[str, ...]) -> None:
    """The model's own field rules (lengths, choices, e-mail format) for the fields written:
    the database would refuse them anyway, less politely."""
    checked = {*names, "code"}
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation or f.name not in checked]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            raise ValidationFailed(f"{label(type(obj), name)}: {problems[0]}", field=name) from None


def save(
    obj: M,
    fields: Mapping[str, Any],
    names: tuple[str, ...],
    actor: Employee | None,
    action: str,
    clause: str = "",
) -> M:
    """Set ``fields`` (only those in ``names``), validate, save and audit the change."""
    written = [n for n in names if n in fields]
    before = audit.snapshot(obj, written) if obj.pk else {}
    for name, value in fields.items():
        if name not in names:
            raise ValidationFailed(_("Unknown field “%(field)s”.") % {"field": name}, field=name)
        setattr(obj, name, value)
    validate(obj, tuple(written))
    obj.save()
    after = audit.snapshot(obj, written)
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes=audit.diff(
            {k: _plain(v) for k, v in before.items()}, {k: _plain(v) for k, v in after.items()}
        ),
        clause=clause,
    )
    return obj


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
