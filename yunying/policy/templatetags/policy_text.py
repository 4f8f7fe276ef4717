"""Rules in words, for templates: ``{% load policy_text %}``."""

from __future__ import annotations

from typing import Any

from django import template

from .. import catalogue, readable

register = template.Library()


@register.filter
def rule_label(key: str) -> str:
    """A rule key's label in the catalogue (the key when it names no rule)."""
    spec = catalogue.spec(key)
    return str(spec.label) if spec else key


@register.filter
def condition_text(condition: dict[str, Any] | None) -> str:
    """An approval step's condition as a phrase: “amount over ¥500,000”."""
    return readable.condition_text(condition)
