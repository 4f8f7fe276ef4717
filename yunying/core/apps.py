from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yunying.core"
    label = "core"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from yunying.approvals import registry as approvals

        from . import access, checks, idempotency, navigation, security  # noqa: F401
        from .models import AssignmentChange, PositionChange
        from .services import assignment, audit_chain, position_change

        group = _("Organisation")
        access.register("core.view_employee", _("View employees"), group=group)
        access.register("core.manage_employee", _("Create and edit employees"), group=group)
        access.register("core.view_salary", _("View salaries"), group=group, protected=True)
        access.register(
            "core.manage_org", _("Manage departments and positions"), group=group, scoped=False
        )
        access.register("core.view_position_change", _("View position changes"), group=group)
        access.register("core.view_audit", _("View the audit trail"), group=group, scoped=False)

        checks.register(
            "core.audit_seal",
            _("Seal the audit chain (every 10 minutes)"),
            audit_chain.seal_check,
        )
        checks.register(
            "core.idempotency_keys",
            _("Forget idempotency keys older than a week"),
            idempotency.clear_old,
        )

        work, organisation, system = _("Workspace"), _("Organisation"), _("System")
        navigation.register(work, _("My to-do"), "core:inbox", order=10)
        navigation.register(organisation, _("Departments"), "core:org", order=300)
        navigation.register(
            organisation,
            _("Employees"),
            "core:employees",
            permissions=("core.view_employee",),
            order=310,
        )
        navigation.register(organisation, _("Positions"), "core:positions", order=320)
        navigation.register(
            system, _("Audit trail"), "core:audit", permissions=("core.view_audit",), order=900
        )
        navigation.register(system, _("API documentation"), "api-docs", order=910)

        approvals.register(
            approvals.DocumentType(
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
        approvals.register(
            approvals.DocumentType(
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
