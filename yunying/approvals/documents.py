"""The documents of the apps below approvals that go through it: position and assignment
changes (``core``, ORG-3) and regulation versions (``policy``, POL-1).

Those apps hand a document over through ``core.workflow`` and never import the engine; the
engine, being above them, registers their document types here with the hooks their services
offer (called in the transaction of the final decision). Apps above approvals (procurement,
sales …) register their own document types in their ``AppConfig.ready()``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunying.core.models import AssignmentChange, PositionChange
from yunying.core.services import assignment, position_change
from yunying.policy import services as policy
from yunying.policy.models import RegulationVersion

from .registry import DocumentType, register


def register_lower_documents() -> None:
    register(
        DocumentType(
            key="core.position_change",
            model=PositionChange,
            label=_("Position change"),
            on_approved=position_change.on_approved,
            on_rejected=position_change.on_rejected,
            on_returned=position_change.on_returned,
            on_withdrawn=position_change.on_withdrawn,
            url=lambda change: f"/org/position-changes/{change.pk}/",
            title=lambda change: str(change.position),
            summary_template="core/_position_change_summary.html",
            beneficiaries=position_change.beneficiaries,
        )
    )
    register(
        DocumentType(
            key="core.assignment_change",
            model=AssignmentChange,
            label=_("Assignment change"),
            on_approved=assignment.on_approved,
            on_rejected=assignment.on_rejected,
            on_returned=assignment.on_returned,
            on_withdrawn=assignment.on_withdrawn,
            url=lambda change: f"/org/employees/{change.employee_id}/",
            title=lambda change: change.employee.name,
            summary_template="core/_assignment_change_summary.html",
            beneficiaries=assignment.beneficiaries,
            chain="core.position_change",  # who holds a position: the same chain (ORG-3)
        )
    )
    register(
        DocumentType(
            key="policy.regulation_version",
            model=RegulationVersion,
            label=_("Regulation version"),
            on_approved=policy.on_approved,
            on_rejected=policy.on_rejected,
            on_returned=policy.on_returned,
            on_withdrawn=policy.on_withdrawn,
            url=lambda version: f"/regulations/versions/{version.pk}/",
            department=lambda version: version.regulation.owner_department,
            title=lambda version: f"{version.regulation.title} v{version.version_no}",
            summary_template="policy/_version_summary.html",
        )
    )
