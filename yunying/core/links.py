"""Links between records that lead where they point (ORG-2).

A record's page answers 404 to a reader outside its scope, so a link to it is shown only to
those who may open it. Each app registers, per model, the page that shows a record and the
scoped queryset that page reads it from (``register(PurchaseContract, "procurement:contract",
selectors.contracts_visible_to)`` in ``ready()``): the page and the link ask the same question
of the same selector, so the rule lives in one place. :func:`detail_or_404` is that question
for a page.

:func:`can_open` answers from what the reader may open of that model, read once per request
(at most :data:`KNOWN` ids, then one query per further record), so a list of links costs one
query per kind of record, not one per row. The answers are kept on the employee object, as
their grants are (``access.grants``); ``fresh=True`` asks the database again (a service that
has just written the record, e.g. before notifying).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse

from .models import Employee

# How many ids of one kind of record a reader's answers keep before asking record by record.
KNOWN = 1000


@dataclass(frozen=True)
class Destination:
    """Where a record of ``model`` is shown: the page ``url_name`` (taking the record's key as
    its one argument), reading from ``visible(employee)``."""

    model: type[Model]
    url_name: str
    visible: Callable[[Employee], QuerySet[Any]]


_BY_MODEL: dict[type[Model], Destination] = {}
_BY_URL_NAME: dict[str, Destination] = {}


def register(
    model: type[Model], url_name: str, visible: Callable[[Employee], QuerySet[Any]]
) -> None:
    destination = Destination(model, url_name, visible)
    _BY_MODEL[model] = destination
    _BY_URL_NAME[url_name] = destination


def destination(model: type[Model]) -> Destination | None:
    found = _BY_MODEL.get(model)
    if found is None and model._meta.concrete_model is not None:
        found = _BY_MODEL.get(model._meta.concrete_model)
    return found


def destinations() -> list[Destination]:
    return list(_BY_MODEL.values())


def url_of(record: Model) -> str:
    """The address of the page showing ``record`` ("" for a model without one)."""
    found = destination(type(record))
    if found is None or record.pk is None:
        return ""
    return reverse(found.url_name, args=[record.pk])


def detail_or_404(employee: Employee, model: type[Model], pk: object) -> Any:
    """The record a detail page shows, or 404 when the reader may not open it."""
    found = destination(model)
    if found is None:
        raise Http404
    return get_object_or_404(found.visible(employee), pk=pk)


@dataclass
class _Known:
    """What one reader may open of one kind of record."""

    ids: set[Any]
    complete: bool
    refused: set[Any] = field(default_factory=set)


def _known(employee: Employee, found: Destination) -> _Known:
    cache: dict[str, _Known] | None = getattr(employee, "_link_cache", None)
    if cache is None:
        cache = {}
        employee._link_cache = cache  # type: ignore[attr-defined]
    known = cache.get(found.url_name)
    if known is None:
        ids = list(found.visible(employee).order_by().values_list("pk", flat=True)[: KNOWN + 1])
        known = _Known(set(ids), complete=len(ids) <= KNOWN)
        cache[found.url_name] = known
    return known


def _opens(employee: Employee, found: Destination, pk: Any, *, fresh: bool) -> bool:
    if fresh:
        return found.visible(employee).filter(pk=pk).exists()
    known = _known(employee, found)
    if pk in known.ids:
        return True
    if known.complete or pk in known.refused:
        return False
    if found.visible(employee).filter(pk=pk).exists():
        known.ids.add(pk)
        return True
    known.refused.add(pk)
    return False


def can_open(employee: Employee | None, record: Model | None, *, fresh: bool = False) -> bool:
    """Whether ``employee`` may open the page of ``record`` (False for a model without one)."""
    if employee is None or not employee.active or record is None or record.pk is None:
        return False
    found = destination(type(record))
    return found is not None and _opens(employee, found, record.pk, fresh=fresh)


def _target(url: str) -> bool | tuple[Destination, Any]:
    """Where ``url`` leads: a registered record's page and its key, or a plain answer (True:
    any other page of the site, or another site; False: nowhere)."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return True
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    found = _BY_URL_NAME.get(match.view_name)
    if found is None:
        return True
    values = [*match.args, *match.kwargs.values()]
    if len(values) != 1:
        return True
    return found, _key(found, values[0])


def can_follow(employee: Employee | None, url: str, *, fresh: bool = False) -> bool:
    """Whether a stored address leads ``employee`` somewhere: a registered record's page only
    when they may open that record; any other page of the site, or another site, is left to
    that page to answer."""
    if employee is None or not employee.active:
        return False
    target = _target(url)
    if isinstance(target, bool):
        return target
    return _opens(employee, target[0], target[1], fresh=fresh)


def followable(employee: Employee | None, urls: Iterable[str]) -> set[str]:
    """The ones of ``urls`` that lead ``employee`` somewhere, asked of the database now (as
    ``can_follow(..., fresh=True)``), one query per kind of record however many urls."""
    if employee is None or not employee.active:
        return set()
    answer: set[str] = set()
    wanted: dict[str, tuple[Destination, dict[Any, list[str]]]] = {}
    for url in set(urls):
        target = _target(url)
        if isinstance(target, bool):
            if target:
                answer.add(url)
            continue
        found, key = target
        wanted.setdefault(found.url_name, (found, {}))[1].setdefault(key, []).append(url)
    for found, by_key in wanted.values():
        keys = [key for key in by_key if key is not None]
        for pk in found.visible(employee).filter(pk__in=keys).values_list("pk", flat=True):
            answer.update(by_key.get(pk, ()))
    return answer


def _key(found: Destination, value: Any) -> Any:
    try:
        return found.model._meta.pk.to_python(value)
    except ValidationError:  # an address no record answers to
        return None
