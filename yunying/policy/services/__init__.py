"""The regulation lifecycle (POL-1) and its rules (POL-3), one module per stage:

- ``rules``: what a rule may say, and rules that contradict each other;
- ``drafting``: a regulation, its draft versions, clauses and rules;
- ``lifecycle``: consultation → approval through the engine → published (immutable; the
  previous published version is superseded), and the engine's hooks;
- ``acknowledgement``: employees in scope acknowledge it; versions due for review are flagged;
- ``defaults``: the regulations a company starts with.

The names below are what the pages, the API and the other apps call.
"""

from __future__ import annotations

from .acknowledgement import acknowledge, check_review_due
from .defaults import load_regulations
from .drafting import (
    create_regulation,
    delete_clause,
    delete_rule,
    new_draft_version,
    save_clause,
    save_rule,
    update_version,
)
from .lifecycle import (
    add_comment,
    close_consultation,
    discard_version,
    on_approved,
    on_rejected,
    on_returned,
    on_withdrawn,
    open_consultation,
    submit_version,
)
from .rules import MANAGE, validate_rule

__all__ = [
    "MANAGE",
    "acknowledge",
    "add_comment",
    "check_review_due",
    "close_consultation",
    "create_regulation",
    "delete_clause",
    "delete_rule",
    "discard_version",
    "load_regulations",
    "new_draft_version",
    "on_approved",
    "on_rejected",
    "on_returned",
    "on_withdrawn",
    "open_consultation",
    "save_clause",
    "save_rule",
    "submit_version",
    "update_version",
    "validate_rule",
]
