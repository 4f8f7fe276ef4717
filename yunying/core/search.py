"""The search box of every page: documents by number, items, customers, suppliers, employees.

Core knows no app's records: each app registers its providers from ``AppConfig.ready()`` with
:func:`register`. A provider answers the hits of one kind for a query, within the scope the
kind's list uses (``core.access.scope``), so nobody finds what they may not open. It reads
them in one query of at most ``limit`` rows, and answers nothing (no query) when the reader
may not see the kind at all. Queries shorter than :data:`MIN_LENGTH` are not searched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from .models import Employee

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

MIN_LENGTH = 2
MAX_LENGTH = 100
PER_GROUP = 8


@dataclass(frozen=True)
class Hit:
    label: str  # the number or code
    detail: str  # the name, the party, the state…
    url: str


Find = Callable[[Employee, str, int], Iterable[Hit]]


@dataclass(frozen=True)
class Provider:
    name: str
    label: _StrPromise | str
    find: Find
    order: int = 100


@dataclass(frozen=True)
class Group:
    name: str
    label: str
    hits: list[Hit]
    more: bool  # there were more than the group shows


_PROVIDERS: dict[str, Provider] = {}


def register(name: str, label: _StrPromise | str, find: Find, *, order: int = 100) -> None:
    """Offer the hits of one kind (``"procurement.contracts"``) to the search box."""
    _PROVIDERS[name] = Provider(name, label, find, order)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.name))


def cleaned(query: str | None) -> str:
    return " ".join(str(query or "").split())[:MAX_LENGTH]


def search(actor: Employee, query: str, *, per_group: int = PER_GROUP) -> list[Group]:
    """The groups with hits for ``query``, each of at most ``per_group`` hits; nothing for a
    query shorter than :data:`MIN_LENGTH`."""
    query = cleaned(query)
    if len(query) < MIN_LENGTH:
        return []
    groups = []
    for provider in providers():
        hits = list(provider.find(actor, query, per_group + 1))
        if hits:
            groups.append(
                Group(provider.name, str(provider.label), hits[:per_group], len(hits) > per_group)
            )
    return groups


def find_in(
    rows: QuerySet[Any],
    query: str,
    limit: int,
    *,
    match: Sequence[str],
    label: str,
    url: str,
    detail: Sequence[str] = (),
    order: Sequence[str] = ("-id",),
) -> list[Hit]:
    """The hits of ``rows`` (already scoped to the reader) whose ``match`` fields contain
    ``query``, in one query of at most ``limit`` rows: ``label`` and the ``detail`` fields
    shown, each linking to the page named ``url`` (its primary key the one argument)."""
    condition = Q()
    for name in match:
        condition |= Q(**{f"{name}__icontains": query})
    found = rows.filter(condition).order_by(*order).values_list("pk", label, *detail)[:limit]
    return [
        Hit(
            str(text),
            " · ".join(str(value) for value in rest if value not in (None, "")),
            reverse(url, args=[pk]),
        )
        for pk, text, *rest in found
    ]
