"""What the inventory resources share: the permissions they check, quantity fields, values
shown only to those who may see prices (ORG-4) and validated query parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from yunying.core import access
from yunying.core.apibase import ActorMixin
from yunying.core.params import ID_MAX

from .. import selectors

VIEW = selectors.VIEW
MOVE = selectors.MOVE
MANAGE_STOCKTAKE = selectors.MANAGE_STOCKTAKE
REPLENISH = "inventory.manage_replenishment"
COST_STEP = Decimal("0.000001")


def decimal_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, **options)


def priced(context: dict[str, Any], value: Any) -> str | None:
    """A value or cost, shown only to those who may see prices (ORG-4)."""
    return str(value) if context.get("prices") else None


def require_any(view: ActorMixin, *codes: str) -> None:
    if not any(access.has_perm(view.actor, code) for code in codes):
        access.require(view.actor, codes[0])


def id_filter() -> serializers.IntegerField:
    """An id to filter by: a whole number a bigint column holds (a larger one is a 400 naming
    the parameter, not a failed query)."""
    return serializers.IntegerField(required=False, min_value=0, max_value=ID_MAX)


def query_filters(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """The query parameters validated; a malformed one is a 400 naming it."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
