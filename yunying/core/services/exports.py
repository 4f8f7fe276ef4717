"""Exports of protected data that were refused (ORG-4).

An export that is made is recorded by ``org.record_export`` with its row count; one that the
permission check refuses is recorded here, so the audit trail shows the attempts too: who
asked, for what, and why it was refused (the permission they lack).
"""

from __future__ import annotations

from collections.abc import Mapping

from yunying.core import tx
from yunying.core.models import Employee
from yunying.core.services import audit

REFUSED = "core.export_refused"
MAX_FILTERS = 20
MAX_VALUE = 200


@tx.transactional
def record_refused_export(
    *,
    actor: Employee,
    what: str,
    permission: str,
    filters: Mapping[str, object],
    reason: str = "permission_denied",
) -> None:
    """ORG-4: ``actor`` asked for an export of ``what`` (``"masterdata.supplier"``…) and was
    refused for lack of ``permission``; ``filters`` are what they asked with (cut short)."""
    asked = {
        str(key)[:MAX_VALUE]: str(value)[:MAX_VALUE]
        for key, value in list(filters.items())[:MAX_FILTERS]
    }
    audit.record(
        actor=actor,
        action=REFUSED,
        target_type=what,
        target_id="*",
        target_repr=what,
        changes={"reason": reason, "permission": permission, "filters": asked},
        clause="ORG-4",
    )
