"""Sortable column headings and the sort a list's filter form keeps (``core.lists``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _current(context: Any) -> str:
    request = context.get("request")
    return request.GET.get("sort", "") if request is not None else ""


@register.simple_tag(takes_context=True)
def sort_link(context: Any, key: str, label: Any) -> SafeString:
    """A heading that sorts the list by ``key``: ascending first, then the other way. The
    filters and the page number stay; a keyset cursor does not (it belongs to one order)."""
    request = context["request"]
    current = _current(context)
    query = request.GET.copy()
    query.pop("cursor", None)
    query["sort"] = f"-{key}" if current == key else key
    if current == key:
        return format_html(
            '<a class="sort" href="?{}" aria-sort="ascending">{} ▲</a>', query.urlencode(), label
        )
    if current == f"-{key}":
        return format_html(
            '<a class="sort" href="?{}" aria-sort="descending">{} ▼</a>', query.urlencode(), label
        )
    return format_html('<a class="sort" href="?{}">{}</a>', query.urlencode(), label)


@register.simple_tag(takes_context=True)
def sort_field(context: Any) -> SafeString:
    """The sort as a hidden field of the filter form, so that filtering keeps it."""
    current = _current(context)
    if not current:
        return SafeString("")
    return format_html('<input type="hidden" name="sort" value="{}">', current)
