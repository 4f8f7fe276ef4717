"""Texts that are stored now and read later, each in the reader's language.

A notification or a task is written once, in whatever language the writer happens to use, and
read by people who chose Chinese or English. So what is stored is every language's rendering:
``Message(gettext_lazy("Contract %(number)s signed"), number=...)`` is rendered under each of
``settings.LANGUAGES`` when it is stored (``rendered``) and the reader's language is picked when
it is shown (``shown``). Parameters may be plain values, lazy translations (a state's label), other
messages, or ``Both`` (a name kept in two languages, like an approval step's ``name``/``name_en``).
Storing the renderings, not the message id, keeps old rows readable after a message is reworded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise


class Both:
    """A value known in Chinese and in English (a step name with ``name_en``); blank English
    falls back to the Chinese."""

    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = str(zh), str(en or zh)

    def render(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.en if language.startswith("en") else self.zh


class Message:
    """A translatable template and its parameters, rendered in the active language by ``str``."""

    def __init__(self, template: str | Promise, /, **params: Any) -> None:
        self.template, self.params = template, params

    def render(self) -> str:
        text = str(self.template)
        if not self.params:
            return text
        return text % {key: _value(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()


def _value(value: Any) -> Any:
    if isinstance(value, Message | Both):
        return value.render()
    if isinstance(value, Promise):
        return str(value)
    return value


Text = str | Promise | Message | Both


def rendered(text: Text, limit: int | None = None) -> dict[str, str]:
    """``text`` in every language of the site, cut to ``limit`` characters."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = _value(text) if not isinstance(text, str) else text
            out[code] = str(value)[:limit] if limit else str(value)
    return out


def shown(stored: Mapping[str, str] | None, fallback: str) -> str:
    """The reader's rendering of a stored text (``fallback`` when it was stored before texts
    were kept in every language, or in none)."""
    if not stored:
        return fallback
    language = translation.get_language() or settings.LANGUAGE_CODE
    return stored.get(language) or stored.get(language.split("-")[0]) or fallback
