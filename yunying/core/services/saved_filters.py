"""Filters people save on list pages (``core.models.SavedFilter``): a name and the list's
query string, kept for their owner alone; one name once per person and list."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import QueryDict
from django.utils.translation import gettext as _

from .. import lists, tx
from ..errors import Conflict, NotFound, ValidationFailed
from ..models import Employee, SavedFilter

NAME_MAX = 60


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationFailed(_("Give the filter a name."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(
            _("The name is longer than %(n)s characters.") % {"n": NAME_MAX}, field="name"
        )
    return name


@tx.transactional
def save_filter(*, actor: Employee, list_name: str, name: str, query: str) -> SavedFilter:
    """Save ``query`` (the list's filters and sort; its page is dropped) under ``name``."""
    if lists.get(list_name) is None:
        raise ValidationFailed(
            _("There is no list “%(list)s”.") % {"list": str(list_name)[:100]}, field="list"
        )
    name = _clean_name(name)
    kept = lists.filter_query(_parsed(query))
    if SavedFilter.objects.filter(owner=actor, list_name=list_name, name=name).exists():
        raise _taken(name)
    try:
        with tx.atomic(savepoint=True):
            return SavedFilter.objects.create(
                owner=actor, list_name=list_name, name=name, query=kept
            )
    except IntegrityError:  # saved at the same moment by another request of theirs
        raise _taken(name) from None


def _parsed(query: str) -> QueryDict:
    return QueryDict(str(query or "").lstrip("?")[: lists.QUERY_MAX * 2])


def _taken(name: str) -> Conflict:
    return Conflict(
        _("You already have a filter named “%(name)s” on this list.") % {"name": name},
        code="duplicate",
        field="name",
    )


@tx.transactional
def delete_filter(*, actor: Employee, pk: int) -> None:
    """Delete one of ``actor``'s saved filters; another person's is not found."""
    deleted, _rows = SavedFilter.objects.filter(owner=actor, pk=pk).delete()
    if not deleted:
        raise NotFound(_("There is no such saved filter."))


def saved_filters(actor: Employee, list_name: str = "") -> list[SavedFilter]:
    rows = SavedFilter.objects.filter(owner=actor)
    if list_name:
        rows = rows.filter(list_name=list_name)
    return list(rows.order_by("list_name", "name", "id"))
