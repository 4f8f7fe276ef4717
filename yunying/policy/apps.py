from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "yunying.policy"
    label = "policy"
    verbose_name = _("Regulations")

    def ready(self) -> None:
        from yunying.approvals import registry as approvals
        from yunying.core import access, checks, navigation

        from . import services
        from .models import RegulationVersion

        group = _("Regulations")
        access.register(
            "policy.manage_regulation",
            _("Draft and submit regulations"),
            group=group,
            scoped=False,
        )
        access.register(
            "policy.view_acknowledgements",
            _("See who has not acknowledged a regulation"),
            group=group,
            scoped=False,
        )
        navigation.register(group, _("Regulations"), "policy:list", order=400)
        navigation.register(group, _("Rules in force"), "policy:catalogue", order=410)
        approvals.register(
            approvals.DocumentType(
                key="policy.regulation_version",
                model=RegulationVersion,
                label=_("Regulation version"),
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                on_withdrawn=services.on_withdrawn,
                url=lambda version: f"/regulations/versions/{version.pk}/",
                department=lambda version: version.regulation.owner_department,
                title=lambda version: f"{version.regulation.title} v{version.version_no}",
                summary_template="policy/_version_summary.html",
            )
        )
        checks.register(
            "policy.review_due",
            _("Regulations due for review"),
            services.check_review_due,
            clause="POL-2",
        )
