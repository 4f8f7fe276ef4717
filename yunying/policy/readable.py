"""Rules as sentences (POL-3): what a rule's value means, in the reader's language.

A rule's value is kept as data (an approval chain's steps, a number of days, a cadence); the
rules page, the regulation versions and the approval pages show it through these functions: a
condition ``{"amount_gt": 500000}`` reads “金额超过 ¥500,000” / “amount over ¥500,000”, an
approver ``{"kind": "position", "position": "finance_manager"}`` the position's name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.numbers import grouped, money
from yunying.core.readable import Names, joined, value_text

from . import catalogue
from .catalogue import RuleSpec

CONDITIONS = {
    "amount_gt": gettext_lazy("amount over %(amount)s"),
    "amount_gte": gettext_lazy("amount of %(amount)s or more"),
    "amount_lt": gettext_lazy("amount under %(amount)s"),
    "amount_lte": gettext_lazy("amount of %(amount)s or less"),
}

MODES = {
    "one": gettext_lazy("one approver"),
    "any": gettext_lazy("any one of several (或签)"),
    "all": gettext_lazy("all of several (会签)"),
}

EVERY_ONE = {
    "minute": gettext_lazy("every minute"),
    "hour": gettext_lazy("every hour"),
    "day": gettext_lazy("every day"),
    "week": gettext_lazy("every week"),
    "month": gettext_lazy("every month"),
    "year": gettext_lazy("every year"),
}

UNITS = {
    "minute": gettext_lazy("every %(n)s minutes"),
    "hour": gettext_lazy("every %(n)s hours"),
    "day": gettext_lazy("every %(n)s days"),
    "week": gettext_lazy("every %(n)s weeks"),
    "month": gettext_lazy("every %(n)s months"),
    "year": gettext_lazy("every %(n)s years"),
}


def condition_text(condition: dict[str, Any] | None) -> str:
    """``{"amount_gt": 500000}`` → “amount over ¥500,000”; several conditions all hold."""
    if not condition:
        return ""
    parts = []
    for name, limit in condition.items():
        template = CONDITIONS.get(name)
        parts.append(
            str(template) % {"amount": money(limit, whole=True)}
            if template
            else f"{name} {value_text(limit)}"
        )
    return str(_(" and ")).join(parts)


def step_name(step: dict[str, Any] | Any) -> str:
    """A step's name in the reader's language (``name_en`` in English when it is set)."""
    if isinstance(step, dict):
        name, name_en = step.get("name", ""), step.get("name_en", "")
    else:
        name, name_en = getattr(step, "name", ""), getattr(step, "name_en", "")
    language = translation.get_language() or ""
    return str(name_en) if language.startswith("en") and name_en else str(name)


def approver_text(spec: dict[str, Any] | list[dict[str, Any]], names: Names) -> str:
    """Who approves: “the requester's direct superior”, “the head of 财务部”, a position's name."""
    if isinstance(spec, list):
        return joined(approver_text(one, names) for one in spec)
    kind = spec.get("kind", "")
    if kind == "direct_superior":
        return str(_("the requester's direct superior"))
    if kind == "department_manager":
        return str(_("the manager of the requester's department"))
    if kind == "company_leader":
        return str(_("the company leaders"))
    if kind == "department_head":
        return _("the head of %(department)s") % {
            "department": names.department(str(spec.get("department", "")))
        }
    if kind == "position":
        return _("holders of the position %(position)s") % {
            "position": names.position(str(spec.get("position", "")))
        }
    return value_text(spec)


@dataclass
class StepText:
    name: str
    approvers: str
    mode: str
    condition: str


@dataclass
class RuleText:
    """One rule's value as the page shows it: a sentence, or an approval chain's steps."""

    text: str = ""
    steps: list[StepText] = field(default_factory=list)


def describe(spec: RuleSpec | None, value: Any, names: Names | None = None) -> RuleText:
    names = names or Names()
    kind = spec.kind if spec else ""
    if kind == catalogue.APPROVAL_CHAIN and isinstance(value, dict):
        return RuleText(steps=[_step(step, names) for step in value.get("steps", [])])
    if kind == catalogue.CADENCE and isinstance(value, dict):
        return RuleText(text=cadence_text(value))
    if kind == catalogue.PARAMETER and spec is not None:
        return RuleText(text=_parameter(spec, value))
    if kind == catalogue.TABLE and isinstance(value, list):
        unit = f" {spec.unit}" if spec and spec.unit else ""
        return RuleText(text=joined(grouped(item) for item in value) + unit)
    return RuleText(text=value_text(value))


def _parameter(spec: RuleSpec, value: Any) -> str:
    if str(spec.unit) == str(catalogue.CURRENCY_UNIT):
        return money(value, whole=True)
    number = grouped(value)
    return f"{number} {spec.unit}" if spec.unit else number


def _step(step: dict[str, Any], names: Names) -> StepText:
    return StepText(
        name=step_name(step),
        approvers=approver_text(step.get("approvers", {}), names),
        mode=str(MODES.get(step.get("mode", "one"), step.get("mode", ""))),
        condition=condition_text(step.get("when")),
    )


def rule_labels(keys: Any, names: Names | None = None) -> str:
    """A rule key, or a list of them, by the catalogue's labels."""
    if isinstance(keys, list | tuple):
        return joined(rule_labels(key) for key in keys) or "—"
    spec = catalogue.spec(str(keys))
    return str(spec.label) if spec else str(keys)


def any_value_text(value: Any, names: Names | None = None) -> str:
    """A rule value whose rule is not known (as the audit trail keeps it), as one line."""
    names = names or Names()
    if isinstance(value, dict) and isinstance(value.get("steps"), list):
        steps = []
        for index, step in enumerate(value["steps"], start=1):
            text = _step(step, names)
            line = f"{index}. {text.name}: {text.approvers}"
            if text.condition:
                line += _(" (only when %(condition)s)") % {"condition": text.condition}
            steps.append(line)
        return "; ".join(steps)
    if isinstance(value, dict) and str(value.get("unit", "")) in UNITS:
        return cadence_text(value)
    return value_text(value)


def cadence_text(value: dict[str, Any]) -> str:
    """``{"every": 6, "unit": "hour"}`` → “every 6 hours”; ``every`` 1 → “every hour”."""
    unit, every = str(value.get("unit", "")), value.get("every")
    if unit not in UNITS:
        return value_text(value)
    if every == 1:
        return str(EVERY_ONE[unit])
    return str(UNITS[unit]) % {"n": every}
