from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "yunying.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from yunying.approvals import registry as approvals
        from yunying.core import access, checks, lists, navigation

        from . import checks as inventory_checks
        from . import links as inventory_links
        from . import lists as inventory_lists
        from . import search as inventory_search
        from . import shell as inventory_shell
        from .models import MaterialIssue, Stocktake
        from .services import issues, opening_import, stocktakes

        group = _("Inventory")
        access.register(
            "inventory.view_stock", _("View stock and the ledger"), group=group, scoped=False
        )
        access.register(
            "inventory.move_stock", _("Transfer stock between locations"), group=group, scoped=False
        )
        access.register(
            "inventory.manage_stocktake",
            _("Plan, count and post stocktakes"),
            group=group,
            scoped=False,
        )
        access.register(
            "inventory.close_period", _("Close stock periods"), group=group, scoped=False
        )
        access.register(
            "inventory.import_opening",
            _("Post and cancel opening stock"),
            group=group,
            scoped=False,
        )
        access.register(
            "inventory.issue_material",
            _("Issue material: production use, samples, scrap"),
            group=group,
            scoped=False,
        )
        access.register(
            "inventory.manage_replenishment",
            _("Replenishment: proposals, plans and alerts"),
            group=group,
            scoped=False,
        )

        section = _("Inventory")
        navigation.register(
            section,
            _("Stock overview"),
            "inventory:overview",
            permissions=("inventory.view_stock",),
            order=500,
        )
        navigation.register(
            section, _("Stock"), "inventory:stock", permissions=("inventory.view_stock",), order=505
        )
        navigation.register(
            section,
            _("Stock ledger"),
            "inventory:ledger",
            permissions=("inventory.view_stock",),
            order=510,
        )
        navigation.register(
            section,
            _("Replenishment"),
            "inventory:replenishment",
            permissions=("inventory.manage_replenishment",),
            order=515,
        )
        navigation.register(
            section,
            _("Transfers"),
            "inventory:transfers",
            permissions=("inventory.move_stock",),
            order=520,
        )
        navigation.register(
            section,
            _("Material issues"),
            "inventory:issues",
            permissions=("inventory.view_stock", "inventory.issue_material"),
            order=522,
        )
        navigation.register(
            section,
            _("Opening stock"),
            "inventory:openings",
            permissions=("inventory.import_opening",),
            order=523,
        )
        navigation.register(
            section,
            _("Stocktakes"),
            "inventory:stocktakes",
            permissions=("inventory.manage_stocktake",),
            order=525,
        )
        navigation.register(
            section,
            _("Stock periods"),
            "inventory:periods",
            permissions=("inventory.close_period",),
            order=530,
        )

        approvals.register(
            approvals.DocumentType(
                key="inventory.stocktake",
                model=Stocktake,
                label=_("Stocktake variances"),
                on_approved=stocktakes.on_approved,
                on_rejected=stocktakes.on_rejected,
                on_returned=stocktakes.on_returned,
                on_withdrawn=stocktakes.on_withdrawn,
                url=lambda stocktake: f"/inventory/stocktakes/{stocktake.pk}/",
                amount=stocktakes.variance_value,
                title=lambda stocktake: f"{stocktake.number} · {stocktake.planned_date}",
                summary_template="inventory/_stocktake_summary.html",
            )
        )
        approvals.register(
            approvals.DocumentType(
                key="inventory.material_issue",
                model=MaterialIssue,
                label=_("Material issue"),
                on_approved=issues.on_approved,
                on_rejected=issues.on_rejected,
                on_returned=issues.on_returned,
                on_withdrawn=issues.on_withdrawn,
                url=lambda issue: f"/inventory/issues/{issue.pk}/",
                amount=issues.amount_of,
                title=lambda issue: f"{issue.number} · {issue.get_purpose_display()}",
                summary_template="inventory/_issue_summary.html",
                beneficiaries=lambda issue: {issue.requester_id},
            )
        )
        checks.register(
            "inventory.ledger_matches_balances",
            _("Stock ledger equals the balances"),
            inventory_checks.ledger_matches_balances,
            clause="INV-1",
            every=checks.DAILY,
        )
        checks.register(
            "inventory.stocktakes_overdue",
            _("Stocktakes due by the regulation's interval"),
            inventory_checks.stocktakes_overdue,
            clause="INV-5",
            every=checks.DAILY,
        )
        opening_import.register()  # the opening stock kind of the master data Excel import
        for spec in inventory_lists.SPECS:  # sorting, downloads and saved filters of the lists
            lists.register(spec)
        inventory_search.register()
        inventory_shell.register()  # stock documents in the document shell
        inventory_links.register()  # the records other pages link to
