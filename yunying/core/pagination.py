"""Pages of long lists, for the web pages (``core.web.paginate``) and the API (the default
pagination class in ``REST_FRAMEWORK``).

A page is read in two steps: first the primary keys of its rows, straight down the index on the
list's ordering (no joins unless a filter needs them, so even a deep OFFSET only walks an
index), then those rows with their related rows. Every list's ordering has an index that ends
with the primary key (see each app's models), so the order is total and pages never overlap.

Lists that grow without end (the stock ledger) page by cursor instead (``core.keyset``): no
``COUNT(*)``, and a deep page costs what the first one does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.utils.urls import replace_query_param

if TYPE_CHECKING:  # rest_framework.views would import the authentication classes (a cycle)
    from rest_framework.request import Request
    from rest_framework.views import APIView

MAX_LIMIT = 200


def page_rows(rows: QuerySet[Any] | Sequence[Any], start: int, stop: int) -> list[Any]:
    """``rows[start:stop]``: the primary keys of the slice first, then their rows, in order."""
    if not isinstance(rows, QuerySet) or rows.query.values_select or rows.query.combinator:
        return list(rows[start:stop])
    keys = list(rows.values_list("pk", flat=True)[start:stop])
    if not keys:
        return []
    found = {row.pk: row for row in rows.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


class ListPaginator(Paginator):
    """Django's paginator reading each page with :func:`page_rows`."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = cast(QuerySet[Any] | Sequence[Any], self.object_list)
        return Page(page_rows(rows, bottom, top), number, self)


class Pagination(LimitOffsetPagination):
    """``limit`` (default ``PAGE_SIZE``, at most 200) and ``offset``; a larger ``limit`` is
    answered with 200 rows: walk a long list page by page with ``next``."""

    max_limit = MAX_LIMIT

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        return page_rows(queryset, self.offset, self.offset + self.limit)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        _limit_documented(parameters, self.limit_query_param, self.default_limit or 0)
        for parameter in parameters:
            if parameter["name"] == self.offset_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 0}
        return parameters


def _limit_documented(parameters: list[dict[str, Any]], name: str, default: int) -> None:
    for parameter in parameters:
        if parameter["name"] == name:
            parameter["description"] = (
                f"Number of results to return per page (default {default}, at most "
                f"{MAX_LIMIT}; a larger value is answered with {MAX_LIMIT})."
            )
            parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": MAX_LIMIT}


class KeysetPagination(CursorPagination):
    """``cursor`` and ``limit`` (default ``PAGE_SIZE``, at most 200): each page continues from
    the cursor in ``next`` (or ``previous``) through the index on ``ordering``; no count."""

    ordering: Sequence[str] = ("-id",)  # type: ignore[assignment]
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        from . import keyset  # keyset reads its rows with page_rows above

        self.request = request
        self.page_url = request.build_absolute_uri()
        size = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param) or None
        try:
            self.keyset_page = keyset.paginate(queryset, self.ordering, cursor, size or 1)
        except keyset.InvalidCursor as error:
            raise NotFound(self.invalid_cursor_message) from error
        return self.keyset_page.object_list

    def _link(self, cursor: str | None) -> str | None:
        return (
            replace_query_param(self.page_url, self.cursor_query_param, cursor) if cursor else None
        )

    def get_next_link(self) -> str | None:
        return self._link(self.keyset_page.next_cursor)

    def get_previous_link(self) -> str | None:
        return self._link(self.keyset_page.previous_cursor)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        _limit_documented(parameters, self.page_size_query_param, self.page_size or 0)
        return parameters
