"""What the master data view sets share: query parameters in the schema, the prices flag for
the serializers (ORG-4), and updates that keep a record's code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter

from yunying.core.apibase import ActorMixin

from .. import selectors


def param(name: str, description: str, type_: Any = str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description)


class PricesMixin(ActorMixin):
    """Tells the serializers whether the caller may see prices, costs and values (ORG-4)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if not getattr(self, "swagger_fake_view", False):
            context["prices"] = selectors.prices_visible(self.actor)
        return context


def keeping_code(service: Callable[..., Any]) -> Callable[..., Any]:
    """The update ``service`` called without the ``code`` of the body: a record keeps its
    code."""

    def update(*, code: str, **arguments: Any) -> Any:
        return service(**arguments)

    return update
