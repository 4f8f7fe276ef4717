"""Blocks that apps above master data add to the customer and supplier pages (a contact log,
say): each provider answers, for the reader and the party, a template and its context, or
``None`` when it has nothing the reader may see. Registered from the higher app's ``ready()``,
so master data imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yunying.core.models import Employee

from .models import Customer, Supplier


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Employee, Customer | Supplier], Panel | None]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def for_party(actor: Employee, party: Customer | Supplier) -> list[Panel]:
    """The blocks the party's page shows the reader, in the order they were registered."""
    panels = (provider(actor, party) for provider in _PROVIDERS)
    return [panel for panel in panels if panel is not None]
