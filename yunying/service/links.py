"""The service records other pages link to, each read as its own page reads it."""

from __future__ import annotations

from yunying.core import links

from .models import ServiceCase
from .selectors import cases_visible_to


def register() -> None:
    links.register(ServiceCase, "service:case", cases_visible_to)
