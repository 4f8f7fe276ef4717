"""What an import answers: how many records it created, updated and left as they were (and
the document it posted, if it posts one), or every problem found, each naming its row and
column."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from yunying.core.errors import DomainError


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as Excel numbers it (``None``: the file as a whole)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # rows that matched a record as it is
    errors: list[RowError] = field(default_factory=list)
    number: str = ""  # the document posted, for an import that posts one

    @property
    def ok(self) -> bool:
        return not self.errors


def describe(error: DomainError) -> str:
    """A refusal as the import shows it: the message, and the clause that applied."""
    return f"{error} [{error.clause}]" if error.clause else str(error)
