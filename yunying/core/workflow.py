"""What the organisation offers the apps above it, so that it never imports them.

``core`` is the ground floor: every app imports it and it imports none of them. Two things of
``core`` still need an app above it, and reach it through this module, which those apps fill in
from their ``AppConfig.ready()``:

- **Approval.** A position change or an assignment change (and a regulation version, in
  ``policy``) is handed to the approvals engine by :func:`submit`; a detail page shows the
  latest request of a document by :func:`latest_request`. ``approvals`` connects both
  (:func:`connect`).
- **The inbox (我的待办).** Each app that has work waiting for a person offers it as a named
  section (:func:`register_section`): ``approvals`` the approvals waiting and the requests the
  person submitted, ``policy`` the regulations to acknowledge. The inbox page asks each section.

Without an approvals engine connected, :func:`submit` refuses (a document would otherwise be
submitted to nobody).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Employee

Submit = Callable[..., Any]
LatestRequest = Callable[[Any], Any]
Section = Callable[["Employee"], Any]

_engine: dict[str, Callable[..., Any]] = {}
_sections: dict[str, Section] = {}


def connect(*, submit: Submit, latest_request: LatestRequest) -> None:
    """The approvals engine: ``submit(document=…, actor=…)`` starts a request for a document,
    ``latest_request(document)`` returns the newest request of it (or None)."""
    _engine["submit"] = submit
    _engine["latest_request"] = latest_request


def submit(*, document: Any, actor: Employee) -> Any:
    """Hand ``document`` to the approvals engine, in the caller's unit of work."""
    engine = _engine.get("submit")
    if engine is None:
        raise RuntimeError("No approvals engine is connected (yunying.approvals not installed).")
    return engine(document=document, actor=actor)


def latest_request(document: Any) -> Any:
    """The newest approval request of ``document``, or None."""
    engine = _engine.get("latest_request")
    return None if engine is None else engine(document)


def register_section(name: str, section: Section) -> None:
    """An inbox section: ``section(employee)`` returns what waits for the employee; the inbox
    template shows it under ``name``."""
    _sections[name] = section


def inbox_sections(employee: Employee) -> dict[str, Any]:
    """Every registered section for ``employee``, by name."""
    return {name: section(employee) for name, section in _sections.items()}
