from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "yunying.service"
    label = "service"
    verbose_name = _("Customer service")

    def ready(self) -> None:
        from yunying.core import access, checks, lists, navigation
        from yunying.sales import hooks

        from . import links as service_links
        from . import lists as service_lists
        from . import search as service_search
        from . import shell as service_shell
        from .services import escalation, receipt

        group = _("Customer service")
        access.register(
            "service.handle_case", _("Open and handle service cases"), group=group, protected=True
        )
        access.register("service.view_case", _("View service cases"), group=group, protected=True)
        access.register(
            "service.supervise",
            _("Supervise service cases and hear of missed service standards"),
            group=group,
        )
        checks.register(
            "service.breaches",
            _("Service cases past their response or resolution time"),
            escalation.breaches,
            clause="SVC-2",
            every=checks.EVERY_10_MINUTES,
        )
        hooks.register_receipt_problem(receipt.on_receipt_problem)
        navigation.register(
            _("Customer service"),
            _("Service cases"),
            "service:cases",
            permissions=("service.view_case", "service.handle_case"),
            order=380,
        )
        navigation.register(
            _("Customer service"),
            _("Complaint causes"),
            "service:causes",
            permissions=("service.supervise",),
            order=385,
        )
        navigation.register(
            _("Customer service"),
            _("Service reports"),
            "service:reports",
            permissions=("service.supervise", "service.view_case"),
            order=387,
        )
        lists.register(service_lists.CASES)
        service_search.register()
        service_shell.register()
        service_links.register()
        self._surveys()

    def _surveys(self) -> None:
        """Satisfaction surveys, their report and the customer file (SVC-4)."""
        from yunying.core import checks, navigation

        from . import panels as service_panels
        from .services import surveys

        checks.register(
            "service.surveys",
            _("Periodic customer satisfaction surveys"),
            surveys.periodic_check,
            clause="SVC-4",
            every=checks.DAILY,
        )
        navigation.register(
            _("Customer service"),
            _("Customer satisfaction"),
            "service:satisfaction",
            permissions=("service.supervise", "service.view_case", "service.handle_case"),
            order=389,
        )
        service_panels.register()
