"""Document states as data: one transition table per document type.

A model declares ``TRANSITIONS = {"submit": ({"draft", "returned"}, "submitted"), ...}`` and changes
its state only through :func:`transition`, which raises :class:`InvalidTransition` for a verb the
current state does not allow (never skips silently).
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidTransition

Transitions = dict[str, tuple[frozenset[str], str]]


class HasTransitions(Protocol):
    TRANSITIONS: ClassVar[Transitions]
    state: Any

    def get_state_display(self) -> str: ...


# What a user reads for each verb of the transition tables.
VERB_LABELS = {
    "submit": gettext_lazy("submit"),
    "withdraw": gettext_lazy("withdraw"),
    "approve": gettext_lazy("approve"),
    "reject": gettext_lazy("reject"),
    "send_back": gettext_lazy("return for changes"),
    "cancel": gettext_lazy("cancel"),
    "open_consultation": gettext_lazy("open consultation"),
    "close_consultation": gettext_lazy("close consultation"),
    "supersede": gettext_lazy("supersede"),
    "discard": gettext_lazy("discard"),
}


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


def allowed(document: HasTransitions, verb: str) -> bool:
    sources, _target = document.TRANSITIONS[verb]
    return document.state in sources


def available_verbs(document: HasTransitions) -> list[str]:
    return [verb for verb in document.TRANSITIONS if allowed(document, verb)]


def transition(document: HasTransitions, verb: str) -> tuple[str, str]:
    """Move ``document`` by ``verb``; return (old state, new state). Does not save."""
    if verb not in document.TRANSITIONS:
        raise InvalidTransition(_("Unknown action “%(verb)s”.") % {"verb": verb})
    sources, target = document.TRANSITIONS[verb]
    if document.state not in sources:
        raise InvalidTransition(
            _("%(document)s is %(state)s; “%(verb)s” is not allowed now.")
            % {
                "document": document,
                "state": document.get_state_display(),
                "verb": verb_label(verb),
            }
        )
    old = document.state
    document.state = target
    return old, target


def table(**verbs: tuple[set[str] | str, str]) -> Transitions:
    """Build a transition table: ``table(submit=({"draft"}, "submitted"))``."""
    result = {}
    for verb, (sources, target) in verbs.items():
        src = {sources} if isinstance(sources, str) else sources
        result[verb] = (frozenset(src), target)
    return result
