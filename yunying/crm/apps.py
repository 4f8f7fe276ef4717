from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "yunying.crm"
    label = "crm"
    verbose_name = _("Customer relations")

    def ready(self) -> None:
        from yunying.core import access, lists, navigation

        from . import links as crm_links
        from . import lists as crm_lists
        from . import panels as crm_panels
        from . import search as crm_search
        from . import shell as crm_shell
        from .permissions import (
            LOG_CONTACT,
            PLAN_PROMOTION,
            RECORD_INTEL,
            VIEW_CONTACTS,
            VIEW_INTEL,
            VIEW_PROMOTION,
        )

        group = _("Customer relations")
        access.register(LOG_CONTACT, _("Log contacts with customers and suppliers"), group=group)
        access.register(VIEW_CONTACTS, _("View the contact log"), group=group)
        access.register(RECORD_INTEL, _("Record market intelligence"), group=group)
        access.register(VIEW_INTEL, _("View market intelligence"), group=group)
        access.register(PLAN_PROMOTION, _("Plan promotions"), group=group)
        access.register(VIEW_PROMOTION, _("View promotions and their results"), group=group)

        section = _("Customer relations")
        navigation.register(
            section,
            _("Contact log"),
            "crm:contacts",
            permissions=(VIEW_CONTACTS, LOG_CONTACT),
            order=390,
        )
        navigation.register(
            section,
            _("Market intelligence"),
            "crm:intel",
            permissions=(VIEW_INTEL, RECORD_INTEL),
            order=395,
        )
        navigation.register(
            section,
            _("Promotions"),
            "crm:promotions",
            permissions=(VIEW_PROMOTION, PLAN_PROMOTION),
            order=396,
        )
        self._register_promotions()
        for spec in crm_lists.SPECS:  # sorting, downloads and saved filters of the lists
            lists.register(spec)
        crm_search.register()
        crm_links.register()  # the records other pages link to
        crm_shell.register()
        crm_panels.register()  # the contact log on customer and supplier pages

    @staticmethod
    def _register_promotions() -> None:
        """Promotion plans go through the approval chain of the regulation (MKT-2), and sales
        asks crm whether an order may carry one."""
        from yunying.approvals import registry as approvals
        from yunying.sales import hooks as sales_hooks

        from .models import Promotion
        from .services import promotions

        approvals.register(
            approvals.DocumentType(
                key="crm.promotion",
                model=Promotion,
                label=_("Promotion plan"),
                on_approved=promotions.on_approved,
                on_rejected=promotions.on_rejected,
                on_returned=promotions.on_returned,
                on_withdrawn=promotions.on_withdrawn,
                url=lambda promotion: f"/crm/promotions/{promotion.pk}/",
                amount=promotions.approval_amount,
                title=lambda promotion: promotion.name,
                summary_template="crm/_promotion_summary.html",
                extra={"clause": "MKT-2"},
            )
        )
        sales_hooks.register_promotion_check(promotions.check_for_order, promotions.order_choices)
