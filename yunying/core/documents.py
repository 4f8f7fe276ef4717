"""The documents that carry the document shell (attachments, comments, one timeline, print).

``core`` knows no app above it, so each app declares its documents here from its
``AppConfig.ready()`` (:func:`register`): how a reader's visible documents are selected (the
app's ``*_visible_to`` selector, so the shell follows the same data scopes as the page), who may
edit it, when it is closed (posted or approved: it keeps its attachments) and, for documents
that print to PDF, how. Apps above may add timeline entries (:func:`register_timeline`: the
approvals engine adds its steps) and readers (:func:`register_readers`: approvers of a
document may open its shell).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from . import access
from .errors import NotFound
from .params import as_id

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from .models import Employee
    from .pdf import Sheet


def _nobody(actor: Employee, document: Any) -> bool:
    return False


def _open(document: Any) -> bool:
    return False


@dataclass(frozen=True)
class ShellDocument:
    model: type[Model]
    label: _StrPromise | str
    # The documents the reader may open (the app's selector).
    visible: Callable[[Employee], QuerySet[Any]]
    # The address of the document's page.
    url: Callable[[Any], str]
    # Whether the actor may edit the document (then they may also delete others' attachments).
    may_edit: Callable[[Employee, Any], bool] = _nobody
    # A posted, approved or otherwise final document keeps its attachments.
    closed: Callable[[Any], bool] = _open
    # ``sheet(document, actor)``: what its print page and its PDF show (``core.pdf``).
    sheet: Callable[[Any, Employee], Sheet] | None = None

    @property
    def key(self) -> str:
        return key_of(self.model)


def key_of(model: Model | type[Model]) -> str:
    """``app_label.model_name`` of the concrete model (a proxy shares its shell)."""
    concrete = model._meta.concrete_model or model._meta.model
    return f"{concrete._meta.app_label}.{concrete._meta.model_name}"


def editable_with(code: str) -> Callable[[Employee, Any], bool]:
    """Editors: holders of ``code`` whose scope covers the document."""

    def may_edit(actor: Employee, document: Any) -> bool:
        return access.in_scope(actor, code, document)

    return may_edit


def open_while(*states: str) -> Callable[[Any], bool]:
    """Closed once the document's state is none of ``states`` (posted, approved, signed …)."""

    def closed(document: Any) -> bool:
        return str(getattr(document, "state", "")) not in states

    return closed


def always_closed(document: Any) -> bool:
    """A document posted when it is made (a receipt, opening stock)."""
    return True


@dataclass(frozen=True)
class Entry:
    """One line of a document's timeline, already in the reader's language."""

    at: datetime.datetime
    kind: str  # state, approval, comment, attachment, event
    actor: str
    text: str
    detail: str = ""


Timeline = Callable[[str, Any], Iterable[Entry]]
Readers = Callable[["Employee", str, Any], bool]

_DOCUMENTS: dict[str, ShellDocument] = {}
_TIMELINES: list[Timeline] = []
_READERS: list[Readers] = []


def register(document: ShellDocument) -> None:
    _DOCUMENTS[document.key] = document


def register_timeline(provider: Timeline) -> None:
    """``provider(key, document)`` answers timeline entries of a document (a bounded number
    of queries, whatever the number of entries)."""
    if provider not in _TIMELINES:
        _TIMELINES.append(provider)


def register_readers(rule: Readers) -> None:
    """``rule(actor, key, document)``: whether the actor may open the document's shell besides
    those its page admits (an approver of it)."""
    if rule not in _READERS:
        _READERS.append(rule)


def timelines() -> list[Timeline]:
    return list(_TIMELINES)


def get(key: str) -> ShellDocument:
    found = _DOCUMENTS.get(key)
    if found is None:
        raise NotFound(_("No such document."))
    return found


def for_object(document: Model) -> ShellDocument | None:
    return _DOCUMENTS.get(key_of(document))


def all_documents() -> list[ShellDocument]:
    return sorted(_DOCUMENTS.values(), key=lambda d: d.key)


def may_open(actor: Employee, kind: ShellDocument, document: Any) -> bool:
    """Whether the actor may open ``document`` (one query; two when an approver rule asks)."""
    if kind.visible(actor).filter(pk=document.pk).exists():
        return True
    return any(rule(actor, kind.key, document) for rule in _READERS)


def open_document(actor: Employee, key: str, pk: object) -> tuple[ShellDocument, Any]:
    """The document ``key``/``pk`` if the actor may open it; ``NotFound`` otherwise, also for
    a document that exists outside the actor's scope."""
    kind = get(key)
    number = as_id(pk)
    if number is None:
        raise NotFound(_("No such document."))
    document = kind.visible(actor).filter(pk=number).first()
    if document is None:
        document = kind.model._default_manager.filter(pk=number).first()
        if document is None or not any(rule(actor, key, document) for rule in _READERS):
            raise NotFound(_("No such document."))
    return kind, document
