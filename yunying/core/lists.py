"""What every list page offers: sorting by its columns, the Excel download of what it shows and
the filters people save (``core.models.SavedFilter``).

An app describes each list once, as a :class:`ListSpec`, and registers it from its
``AppConfig.ready()`` with :func:`register`:

- ``rows(actor, params)``: the records ``actor`` may see (``core.access.scope``), filtered by
  the list's query parameters. The page, its download and the background export job all read
  the list through it, so a file never holds more than the page would show.
- ``sorts``: the columns people may sort by, each a key of the address (``?sort=due`` or
  ``?sort=-due``) and the fields it orders by. Anything else is ignored on a page and refused
  (400, field ``sort``) by the API. The primary key always ends the ordering, in the same
  direction, so that equal values keep one order (and a keyset page its cursor).
- ``columns``: the file's columns, each read with the rows in one query, in chunks.

A download (``?format=xlsx``) writes the list with its filters and sort while it is sent; a list
longer than ``YUNYING_EXPORT_INLINE_ROWS`` becomes a background export job of the same kind
(``core.jobs``), written with the requester's scope as it is when it runs. Protected data
(``what``) is audited with its row count (ORG-4); the page's own permission check audits a
refused download (``core.web.require(..., export=…)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from . import jobs
from .errors import NotAllowed, ValidationFailed
from .excel import write_workbook, xlsx_file_response
from .models import Employee, SavedFilter

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

CHUNK = 2000  # rows fetched at a time for a file
# Parameters that are not a filter: where the page is, and what the request asks for.
NOT_FILTERS = frozenset({"page", "cursor", "format", "export", "csrfmiddlewaretoken"})
QUERY_MAX = 1000  # the longest query string a saved filter keeps


@dataclass(frozen=True)
class Column:
    """One column of the file: its heading, the field it reads (a ``values_list`` path) and,
    for a choice field, the labels of its values."""

    label: _StrPromise | str
    field: str
    choices: Sequence[tuple[Any, Any]] = ()
    text: bool = False  # a code: formatted as text in the sheet
    shown: Callable[[Employee], bool] | None = None  # prices: only for those who see them


@dataclass(frozen=True)
class ListSpec:
    name: str  # "sales.receivables": the export kind and the key of saved filters
    title: _StrPromise | str
    url_name: str  # the page ("sales:receivables")
    rows: Callable[[Employee, Mapping[str, str]], QuerySet[Any]]
    sorts: Mapping[str, tuple[str, ...]]
    default: tuple[str, ...]  # the ordering without a sort; ends with the primary key
    columns: Sequence[Column]
    may_read: Callable[[Employee], bool]
    what: str = ""  # protected data, as the audit trail names it: the download is audited
    audited: Callable[[Employee], bool] | None = None  # when only some readers' files are
    filename: str = ""
    # False when the page keeps a download of its own (one row per order line…): the list
    # then offers sorting and saved filters only.
    export: bool = True

    def columns_for(self, actor: Employee) -> list[Column]:
        return [c for c in self.columns if c.shown is None or c.shown(actor)]

    def is_audited(self, actor: Employee) -> bool:
        return bool(self.what) and (self.audited is None or self.audited(actor))


_LISTS: dict[str, ListSpec] = {}


def register(spec: ListSpec) -> ListSpec:
    """Offer the list's sorting, download (and its background export job) and saved filters."""
    _LISTS[spec.name] = spec
    if spec.export:
        jobs.register_export(spec.name, spec.title, _job(spec), what=spec.what or spec.name)
    return spec


def get(name: str) -> ListSpec | None:
    return _LISTS.get(name)


def all_lists() -> list[ListSpec]:
    return [_LISTS[name] for name in sorted(_LISTS)]


# ----------------------------------------------------------------------------- sorting


def sort_of(spec: ListSpec, raw: str | None) -> tuple[str, bool] | None:
    """The column key and whether it is descending, when ``raw`` names one of the list's
    sorts; ``None`` otherwise."""
    raw = (raw or "").strip()
    descending = raw.startswith("-")
    key = raw[1:] if descending else raw
    return (key, descending) if key in spec.sorts else None


def ordering(spec: ListSpec, raw: str | None, *, strict: bool = False) -> tuple[str, ...]:
    """The ordering of the list for ``?sort=raw``: the sort's fields then the primary key in the
    same direction; the list's default when there is no sort. A sort the list does not offer is
    ignored, or refused when ``strict`` (the API)."""
    chosen = sort_of(spec, raw)
    if chosen is None:
        if strict and (raw or "").strip():
            raise ValidationFailed(
                _("The list cannot be sorted by “%(sort)s”; it can be by: %(choices)s.")
                % {"sort": str(raw)[:60], "choices": ", ".join(sorted(spec.sorts))},
                field="sort",
            )
        return spec.default
    key, descending = chosen
    sign = "-" if descending else ""
    fields = [f"{sign}{name}" for name in spec.sorts[key]]
    return (*fields, f"{sign}id")


def ordered(spec: ListSpec, rows: QuerySet[Any], params: Mapping[str, Any]) -> QuerySet[Any]:
    return rows.order_by(*ordering(spec, params.get("sort")))


def api_ordered(spec: ListSpec, rows: QuerySet[Any], params: Mapping[str, Any]) -> QuerySet[Any]:
    """The list in the order ``?sort=`` asks for; one the list does not offer is a 400."""
    return rows.order_by(*ordering(spec, params.get("sort"), strict=True))


def sort_parameter(spec: ListSpec) -> OpenApiParameter:
    """The API's ``sort`` parameter of the list: a key, or ``-`` and a key for descending."""
    keys = sorted(spec.sorts)
    return OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        enum=[*keys, *(f"-{key}" for key in keys)],
        description="The column to sort by; with a leading '-' in descending order. Rows with "
        "the same value keep the order of their ids.",
    )


def params_of(request: HttpRequest) -> dict[str, str]:
    """The list's filters and sort from the address (one value each), without its page."""
    found = {key: request.GET.get(key, "") for key in request.GET if key not in NOT_FILTERS}
    return {key: value for key, value in found.items() if value}


def filter_query(params: QueryDict | Mapping[str, Any]) -> str:
    """The query string a saved filter keeps: the filters and sort, never the page."""
    query = QueryDict(mutable=True)
    if isinstance(params, QueryDict):
        for key, values in params.lists():
            if key not in NOT_FILTERS:
                query.setlist(key, [v for v in values if v != ""])
    else:
        for key, value in params.items():
            if key not in NOT_FILTERS and value not in (None, ""):
                query[key] = str(value)
    return query.urlencode()[:QUERY_MAX]


# ----------------------------------------------------------------------------- page


def tools(request: HttpRequest, spec: ListSpec) -> dict[str, Any]:
    """What ``core/_list_tools.html`` shows: the download link with the current filters and
    sort, and the reader's saved filters of this list."""
    me: Employee = request.employee  # type: ignore[attr-defined]
    query = filter_query(request.GET)
    download = QueryDict(query, mutable=True)
    download["format"] = "xlsx"
    return {
        "list": spec.name,
        "query": query,
        "download": download.urlencode() if spec.export else "",
        "saved": list(SavedFilter.objects.filter(owner=me, list_name=spec.name)),
    }


# ----------------------------------------------------------------------------- download


def _labels(columns: Sequence[Column]) -> list[dict[Any, str] | None]:
    return [{k: str(v) for k, v in c.choices} if c.choices else None for c in columns]


def _cells(
    rows: QuerySet[Any], columns: Sequence[Column], order: Sequence[str], tally: list[int]
) -> Iterator[list[Any]]:
    labels = _labels(columns)
    fields = [c.field for c in columns]
    for values in rows.order_by(*order).values_list(*fields).iterator(chunk_size=CHUNK):
        tally[0] += 1
        yield [
            names.get(value, value) if names is not None else value
            for names, value in zip(labels, values, strict=True)
        ]


def write(
    spec: ListSpec, actor: Employee, rows: QuerySet[Any], params: Mapping[str, Any]
) -> tuple[int, IO[bytes]]:
    """The list as a workbook in constant memory: the rows written and the file."""
    columns = spec.columns_for(actor)
    tally = [0]
    file = write_workbook(
        str(spec.title),
        [c.label for c in columns],
        _cells(rows, columns, ordering(spec, params.get("sort")), tally),
        text_columns=[index for index, c in enumerate(columns) if c.text],
    )
    return tally[0], file


def filename(spec: ListSpec) -> str:
    stem = spec.filename or spec.name.replace(".", "-")
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"


def download(request: HttpRequest, spec: ListSpec, rows: QuerySet[Any]) -> HttpResponseBase:
    """The list the page shows as a file: written while it is sent, or, when longer than
    ``YUNYING_EXPORT_INLINE_ROWS``, a background export job (the page goes to the person's
    exports). The caller has checked the reader's permission (a refusal audited)."""
    from .services import export_jobs
    from .services.org import record_export
    from .web import redirect

    me: Employee = request.employee  # type: ignore[attr-defined]
    params = params_of(request)
    if rows.count() > export_jobs.inline_rows():
        export_jobs.request_export(kind=spec.name, parameters=params, actor=me)
        messages.info(
            request, _("The export is being prepared; you will be notified when it is ready.")
        )
        return redirect(request, "core:export_jobs")
    count, file = write(spec, me, rows, params)
    if spec.is_audited(me):
        record_export(actor=me, what=spec.what, count=count, filters=params)
    return xlsx_file_response(filename(spec), file)


def _job(spec: ListSpec) -> jobs.Build:
    def build(parameters: Mapping[str, Any], actor: Employee) -> tuple[int, IO[bytes], str]:
        if not spec.may_read(actor):
            raise NotAllowed(_("You may no longer see this list."))
        params = {str(k): str(v) for k, v in parameters.items()}
        count, file = write(spec, actor, spec.rows(actor, params), params)
        return count, file, filename(spec)

    return build
