"""What the procurement resources share: quantity and price fields, prices hidden from those
who may not see them (ORG-4), query parameters and the reason input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from yunying.core.errors import ValidationFailed


def quantity_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def price_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=4, **options)


def price_or_null(serializer: serializers.BaseSerializer[Any], value: Decimal) -> str | None:
    """A price or amount, or null for those who may not see prices (ORG-4)."""
    return str(value) if serializer.context.get("prices") else None


def flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def choice(request: Request, name: str, allowed: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationFailed(
            _("%(name)s: expected one of %(values)s.")
            % {"name": name, "values": ", ".join(allowed)},
            field=name,
        )
    return value


def id_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise ValidationFailed(_("%(name)s: expected an id.") % {"name": name}, field=name)
    return int(value)


SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="Search in numbers, titles and items.")


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)
