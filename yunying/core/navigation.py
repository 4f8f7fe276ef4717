"""The navigation menu, built from entries each app registers, shown by permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from . import access

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from .models import Employee


@dataclass(frozen=True)
class MenuItem:
    section: _StrPromise | str
    label: _StrPromise | str
    url_name: str
    # Shown when the employee holds any of these codes; empty means everybody.
    permissions: tuple[str, ...] = ()
    order: int = 100


_ITEMS: list[MenuItem] = []


def register(
    section: _StrPromise | str,
    label: _StrPromise | str,
    url_name: str,
    *,
    permissions: tuple[str, ...] = (),
    order: int = 100,
) -> None:
    _ITEMS.append(MenuItem(section, label, url_name, permissions, order))


def menu_for(request: HttpRequest, employee: Employee) -> list[dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    path = request.path
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if item.permissions and not any(access.has_perm(employee, c) for c in item.permissions):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app registered a page it does not serve (tests catch it)
            continue
        section = sections.setdefault(str(item.section), {"label": item.section, "items": []})
        active = path == url or (url != "/" and path.startswith(url))
        section["items"].append({"label": item.label, "url": url, "active": active})
    return list(sections.values())
