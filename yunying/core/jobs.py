"""Kinds of export written in the background (``core.models.ExportJob``).

Core runs the jobs but knows no app's lists: an app registers each kind of export it offers
from its ``AppConfig.ready()`` with :func:`register_export` — a name, a label people read and a
``build`` function. ``build(parameters, actor)`` writes the workbook (``core.excel.write_workbook``)
for the filters it was asked with, within ``actor``'s permissions and scope as they are when the
job runs, and answers ``(rows, file, filename)``: the number of rows written, the file
positioned at its start, and the name the requester downloads it under. It raises a
``DomainError`` (``NotAllowed``…) when the actor may no longer see the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from .models import Employee

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

Build = Callable[[Mapping[str, Any], Employee], tuple[int, IO[bytes], str]]


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: _StrPromise | str
    build: Build
    # The protected data the export holds, as the audit trail names it ("sales.salesorder").
    what: str


_KINDS: dict[str, ExportKind] = {}


def register_export(
    kind: str, label: _StrPromise | str, build: Build, *, what: str = ""
) -> ExportKind:
    """Offer the background export ``kind``; ``what`` names its data in the audit trail (the
    kind's name unless given)."""
    registered = ExportKind(kind, label, build, what or kind)
    _KINDS[kind] = registered
    return registered


def get(kind: str) -> ExportKind | None:
    return _KINDS.get(kind)


def all_kinds() -> list[ExportKind]:
    return [_KINDS[name] for name in sorted(_KINDS)]
