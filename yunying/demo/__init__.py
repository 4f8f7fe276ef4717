"""The demo company: organisation, default regulations and a few months of history."""

from __future__ import annotations

from .company import DEMO_PASSWORD, build_organisation


def build(*, history: bool = True) -> None:
    build_organisation()
    if history:
        from .history import build_history

        build_history()


__all__ = ["DEMO_PASSWORD", "build", "build_organisation"]
