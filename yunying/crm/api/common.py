"""What the customer-relations resources share: id inputs and finding what they name."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from yunying.core.errors import NotFound

M = TypeVar("M", bound=Model)
ID_MAX = 2**63 - 1


def id_field(**options: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **options)


def found(rows: QuerySet[M], pk: int | None, field: str) -> M | None:
    """The row ``pk`` names, ``None`` for no id; a 404 naming ``field`` when there is none."""
    if pk is None:
        return None
    row = rows.filter(pk=pk).first()
    if row is None:
        raise NotFound(_("No such record: %(id)s.") % {"id": pk}, field=field)
    return row
