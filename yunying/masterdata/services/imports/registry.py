"""The kinds of Excel import the import page offers, in the order they are registered.

Master data registers its own (items, suppliers, customers); an app above it registers its
kinds in its ``AppConfig.ready()`` (inventory: opening stock), so that master data never
imports it. A kind is its sheet (name, title, permission, columns), the function that runs
the import, and what the page says about it: the message after a successful import, a note
under the columns and the clause that note refers to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee

from .results import ImportResult
from .sheets import Column, Sheet

Importer = Callable[..., ImportResult]  # run(file, *, actor) -> ImportResult


@dataclass(frozen=True)
class ImportKind:
    sheet: Sheet
    run: Importer
    done: Callable[[ImportResult], str] | None = None
    note: Promise | str = ""
    clause: str = ""
    visible_columns: Callable[[Employee | None], tuple[Column, ...]] | None = None

    @property
    def name(self) -> str:
        return self.sheet.kind

    @property
    def title(self) -> Promise:
        return self.sheet.title

    def columns_for(self, actor: Employee | None) -> tuple[Column, ...]:
        """The columns of the template as ``actor`` gets it."""
        if self.visible_columns is not None:
            return self.visible_columns(actor)
        return self.sheet.columns

    def message(self, result: ImportResult) -> str:
        """What the page says after a successful import."""
        if self.done is not None:
            return self.done(result)
        if result.unchanged:
            return _(
                "%(what)s imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged."
            ) % {
                "what": self.title,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        return _("%(what)s imported: %(created)s new, %(updated)s updated.") % {
            "what": self.title,
            "created": result.created,
            "updated": result.updated,
        }


_KINDS: dict[str, ImportKind] = {}


def register_kind(
    sheet: Sheet,
    run: Importer,
    *,
    done: Callable[[ImportResult], str] | None = None,
    note: Promise | str = "",
    clause: str = "",
    columns: Callable[[Employee | None], tuple[Column, ...]] | None = None,
) -> None:
    """Offer an import of ``sheet.kind``: ``run(file, actor=…)`` reads, checks and writes it,
    and answers an :class:`ImportResult`; ``done`` words the success message (by default: how
    many records were created and updated); ``columns`` narrows the template for an actor.
    Registering a kind again replaces it where it stands."""
    _KINDS[sheet.kind] = ImportKind(sheet, run, done, note, clause, columns)


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def is_kind(name: str) -> bool:
    return name in _KINDS


def kind_for(name: str) -> ImportKind:
    if name not in _KINDS:
        raise ValidationFailed(_("Unknown kind of import “%(kind)s”.") % {"kind": name})
    return _KINDS[name]


def sheet_for(name: str) -> Sheet:
    return kind_for(name).sheet


def may_import(actor: Employee | None, name: str) -> bool:
    return name in _KINDS and access.has_perm(actor, _KINDS[name].sheet.permission)


def columns_for(actor: Employee | None, name: str) -> tuple[Column, ...]:
    """The columns of the template; the prices only for those who may see them (ORG-4)."""
    return kind_for(name).columns_for(actor)


def run_import(name: str, file: IO[bytes] | str, *, actor: Employee) -> ImportResult:
    return kind_for(name).run(file, actor=actor)
