from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "yunying.policy"
    label = "policy"
    verbose_name = _("Regulations")

    def ready(self) -> None:
        from yunying.core import access, checks, navigation, workflow

        from . import selectors, services, shell

        shell.register()  # regulation versions in the document shell
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
        # 我的待办: the regulations the employee has still to acknowledge (POL-1)
        workflow.register_section("acknowledgements", selectors.pending_acknowledgements)
        checks.register(
            "policy.review_due",
            _("Regulations due for review"),
            services.check_review_due,
            clause="POL-2",
            every=checks.DAILY,
        )
        # The regulation in force may set how often a check runs: the rule
        # "schedule.<check name>", e.g. {"every": 6, "unit": "hour"} (core.checks.cadence).
        from .selectors import rule_in_force

        checks.set_cadence_source(
            lambda name: getattr(rule_in_force(f"schedule.{name}"), "value", None)
        )
        # The audit page shows rule keys by their labels and rule values as sentences.
        from yunying.core import audit_text

        from . import readable

        for key in ("key", "rules"):
            audit_text.register_value("policy", key, readable.rule_labels)
        audit_text.register_value("policy", "value", readable.any_value_text)
