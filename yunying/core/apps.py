from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yunying.core"
    label = "core"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import (  # noqa: F401
            access,
            checks,
            idempotency,
            list_specs,
            lists,
            navigation,
            search_providers,
            security,
            shell,
        )
        from .services import audit_chain, backup, delivery, export_jobs

        shell.register()  # position and assignment changes in the document shell
        self.register_links()
        search_providers.register()  # employees in the search box
        for spec in list_specs.SPECS:  # sorting and saved filters of core's lists
            lists.register(spec)
        group = _("Organisation")
        access.register("core.view_employee", _("View employees"), group=group)
        access.register("core.manage_employee", _("Create and edit employees"), group=group)
        access.register("core.view_salary", _("View salaries"), group=group, protected=True)
        access.register(
            "core.manage_org", _("Manage departments and positions"), group=group, scoped=False
        )
        access.register("core.view_position_change", _("View position changes"), group=group)
        access.register("core.view_audit", _("View the audit trail"), group=group, scoped=False)
        access.register(
            "core.manage_calendar", _("Manage the working calendar"), group=group, scoped=False
        )

        checks.register(
            "core.audit_seal",
            _("Seal the audit chain (every 10 minutes)"),
            audit_chain.seal_check,
            every=checks.EVERY_10_MINUTES,
        )
        checks.register(
            "core.backup",
            _("Back up the database and the attachments"),
            backup.backup_check,
            every=checks.DAILY,
            atomic=False,
        )
        checks.register(
            "core.idempotency_keys",
            _("Forget idempotency keys older than a week"),
            idempotency.clear_old,
            every=checks.DAILY,
        )
        checks.register(
            "core.export_files",
            _("Delete export files older than a week"),
            export_jobs.expiry_check,
            every=checks.DAILY,
            atomic=False,
        )
        checks.register(
            "core.deliveries",
            _("Send notifications by e-mail and to the group robots"),
            delivery.delivery_check,
            every=checks.SHORTEST,
            atomic=False,
        )

        work, organisation, system = _("Workspace"), _("Organisation"), _("System")
        navigation.register(work, _("My to-do"), "core:inbox", order=10)
        navigation.register(work, _("My exports"), "core:export_jobs", order=90)
        navigation.register(work, _("Notifications by e-mail"), "core:my_delivery", order=95)
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
        navigation.register(
            system,
            _("Check runs"),
            "core:check_runs",
            permissions=("core.manage_org",),
            order=905,
        )
        navigation.register(
            system,
            _("Notification channels"),
            "core:channels",
            permissions=("core.manage_org",),
            order=907,
        )
        navigation.register(
            system,
            _("Working calendar"),
            "core:calendar",
            permissions=("core.manage_calendar",),
            order=908,
        )
        navigation.register(system, _("API documentation"), "api-docs", order=910)

    def register_links(self) -> None:
        """Employees and position changes as other pages link to them (``core.links``)."""
        from . import links, selectors
        from .models import Employee, PositionChange

        links.register(Employee, "core:employee", selectors.employees_visible_to)
        links.register(
            PositionChange, "core:position_change", selectors.position_changes_visible_to
        )
