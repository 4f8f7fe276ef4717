"""What the search box finds in customer service (``core.search``): cases by number or subject,
within the scope of the case list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core import search
from yunying.core.models import Employee

from .selectors import cases_visible_to, holds_any


def cases(actor: Employee, query: str, limit: int) -> list[search.Hit]:
    if not holds_any(actor):
        return []
    return search.find_in(
        cases_visible_to(actor),
        query,
        limit,
        match=("number", "subject"),
        label="number",
        detail=("customer__name", "subject"),
        url="service:case",
    )


def register() -> None:
    search.register("service.cases", _("Service cases"), cases, order=70)
