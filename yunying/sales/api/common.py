"""What the sales API modules share: decimal fields for quantities and money, choices documented
as strings, reading query parameters (a 400 naming the parameter otherwise), the read
permission check and the query parameters of the lists."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.params import as_id

from ..selectors.scope import holds_any


def quantity_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def money_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=2, **options)


@extend_schema_field(OpenApiTypes.STR)
class Choice(serializers.ChoiceField):
    """A choice documented as a string (its values in the help text): the enum itself is named
    once, on the serializer of its model."""


def values_text(choices: list[str]) -> str:
    return ", ".join(choices)


def param_choice(request: Request, name: str, allowed: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationFailed(
            _("%(name)s: expected one of %(values)s.")
            % {"name": name, "values": values_text(allowed)},
            field=name,
        )
    return value


def param_id(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    number = as_id(value)
    if number is None:
        raise ValidationFailed(_("%(name)s: expected an id.") % {"name": name}, field=name)
    return number


def param_date(request: Request, name: str) -> datetime.date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            _("%(name)s: expected a date (YYYY-MM-DD).") % {"name": name}, field=name
        ) from None


def param_flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def require_any(actor: Employee, codes: tuple[str, ...]) -> None:
    if not holds_any(actor, codes):
        access.require(actor, codes[0])


SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="Search in numbers and names.")
CUSTOMER = OpenApiParameter("customer", OpenApiTypes.INT, description="Customer id")
REGION = OpenApiParameter(
    "region", OpenApiTypes.INT, description="Region id (with the regions below it)"
)
START = OpenApiParameter("start", OpenApiTypes.DATE, description="From this date")
END = OpenApiParameter("end", OpenApiTypes.DATE, description="Until this date")
