"""Audit events as people read them: what was done, to what, and each change as
“field: old → new”.

The trail stores codes (``sales.confirm_order``, ``{"permissions": {"core.view_employee":
"department"}}``) so that it can be verified byte for byte; the audit page shows them through
this module. A field is named by the verbose name of the model the event is about when it has
that field, else by the vocabulary below. Apps above core register how their own values read
(``register_value``), e.g. policy shows a rule key as the rule's label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .audit_vocabulary import ACTIONS, FIELDS
from .models import AuditEvent
from .numbers import grouped
from .readable import Names, joined, permissions_text, scope_label, value_text

Formatter = Callable[[Any, Names], str]

_VALUES: dict[tuple[str, str], Formatter] = {}


def register_value(app: str, key: str, formatter: Formatter) -> None:
    """Show the value of ``key`` in the events of ``app`` (the action's prefix) with
    ``formatter(value, names)``; ``app`` ``"*"`` applies to every event."""
    _VALUES[(app, key)] = formatter


def _names_of(kind: Callable[[Names, str], str]) -> Formatter:
    def show(value: Any, names: Names) -> str:
        if isinstance(value, list | tuple):
            return joined(kind(names, str(code)) for code in value) or "—"
        return "—" if value in (None, "") else kind(names, str(value))

    return show


register_value("*", "permissions", lambda value, names: permissions_text(value))
register_value("*", "permission", lambda value, names: permissions_text(value))
register_value("*", "scope", lambda value, names: scope_label(str(value or "")))
register_value("core", "position", _names_of(Names.position))
register_value("core", "positions", _names_of(Names.position))
register_value("core", "department", _names_of(Names.department))
register_value("core", "parent", _names_of(Names.department))


@dataclass
class Change:
    label: str
    text: str


@dataclass
class EventText:
    event: AuditEvent
    action: str
    object_kind: str
    changes: list[Change]


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    if label is not None:
        return str(label)
    return action.split(".", 1)[-1].replace("_", " ")


def _model(object_type: str) -> type[models.Model] | None:
    app_label, _dot, model_name = object_type.partition(".")
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(found, models.Field):
            return found
    return None


def _label(model: type[models.Model] | None, key: str) -> str:
    found = _field(model, key)
    if found is not None:
        return str(found.verbose_name).capitalize()
    known = FIELDS.get(key)
    if known is not None:
        return str(known)
    return key.replace("_", " ").capitalize()


def _is_diff(changes: dict[str, Any]) -> bool:
    """``audit.diff`` writes every field as ``[before, after]``."""

    def pair(key: str, value: Any) -> bool:
        return key != "lines" and isinstance(value, list) and len(value) == 2

    return bool(changes) and all(pair(key, value) for key, value in changes.items())


def _is_pair(value: Any) -> bool:
    """``[before, after]`` among other changes: a value that was absent, or a mapping that
    changed (a rule's value)."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    before, after = value
    if before is None:
        return after is not None
    return isinstance(before, dict) and isinstance(after, dict | None)


def _value(app: str, model: type[models.Model] | None, key: str, value: Any, names: Names) -> str:
    formatter = _VALUES.get((app, key)) or _VALUES.get(("*", key))
    if formatter is not None:
        return formatter(value, names)
    found = _field(model, key)
    if found is None or value is None:
        return value_text(value)
    if found.choices and isinstance(value, str):
        return str(dict(found.flatchoices).get(value, value))
    related = found.related_model if found.is_relation else None
    if isinstance(related, type) and str(value).isdigit():
        return names.record(related, int(value))
    if isinstance(found, NUMBERS) and not isinstance(value, bool | dict | list):
        return grouped(value)
    return value_text(value)


NUMBERS = (models.DecimalField, models.IntegerField, models.FloatField)


def describe(event: AuditEvent, names: Names) -> EventText:
    app = event.action.split(".", 1)[0]
    model = _model(event.object_type)
    changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    rows = []
    diff = _is_diff(changes)
    for key, value in changes.items():
        if diff or _is_pair(value):
            before, after = (_value(app, model, key, part, names) for part in value)
            text = _("%(before)s → %(after)s") % {"before": before, "after": after}
        else:
            text = _value(app, model, key, value, names)
        rows.append(Change(_label(model, key), text))
    kind = str(model._meta.verbose_name) if model is not None else ""
    return EventText(event, action_label(event.action), kind, rows)
