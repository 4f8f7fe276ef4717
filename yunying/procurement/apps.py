from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "yunying.procurement"
    label = "procurement"
    verbose_name = _("Procurement")

    def ready(self) -> None:
        from yunying.approvals import registry as approvals
        from yunying.core import access, checks, lists, navigation
        from yunying.inventory import replenishment

        from . import checks as procurement_checks
        from . import links as procurement_links
        from . import lists as procurement_lists
        from . import replenishment as procurement_replenishment
        from . import search as procurement_search
        from . import selectors
        from . import shell as procurement_shell
        from .models import PurchaseContract, PurchasePlan, ReplenishmentPlan
        from .services import contracts, plans

        group = _("Procurement")
        access.register(
            "procurement.draft_plan", _("Draft purchase and replenishment plans"), group=group
        )
        access.register("procurement.view_plan", _("View purchase plans"), group=group)
        access.register(
            "procurement.manage_contract",
            _("Make and sign purchase contracts"),
            group=group,
            protected=True,
        )
        access.register(
            "procurement.view_contract", _("View purchase contracts"), group=group, protected=True
        )
        access.register("procurement.receive_goods", _("Receive and inspect goods"), group=group)

        section = _("Procurement")
        navigation.register(section, _("Purchase plans"), "procurement:plans", order=450)
        navigation.register(
            section,
            _("Contracts"),
            "procurement:contracts",
            permissions=(
                "procurement.view_contract",
                "procurement.manage_contract",
                "procurement.receive_goods",
            ),
            order=455,
        )
        navigation.register(
            section,
            _("Goods receipts"),
            "procurement:receipts",
            permissions=("procurement.receive_goods", "procurement.view_contract"),
            order=460,
        )

        navigation.register(
            section,
            _("Supplier evaluation"),
            "procurement:evaluations",
            permissions=("masterdata.view_supplier",),
            order=465,
        )

        for model, key, label, clause in (
            (PurchasePlan, "procurement.purchase_plan", _("Purchase plan"), "PROC-2"),
            (ReplenishmentPlan, "inventory.replenishment_plan", _("Replenishment plan"), "INV-3"),
        ):
            approvals.register(
                approvals.DocumentType(
                    key=key,
                    model=model,
                    label=label,
                    on_approved=plans.on_approved,
                    on_rejected=plans.on_rejected,
                    on_returned=plans.on_returned,
                    on_withdrawn=plans.on_withdrawn,
                    url=lambda plan: f"/procurement/plans/{plan.pk}/",
                    amount=plans.amount_of,
                    title=lambda plan: plan.title,
                    summary_template="procurement/_plan_summary.html",
                    extra={"clause": clause},
                )
            )
        approvals.register(
            approvals.DocumentType(
                key="procurement.purchase_contract",
                model=PurchaseContract,
                label=_("Contract beyond its plan"),
                on_approved=contracts.on_approved,
                on_rejected=contracts.on_rejected,
                on_returned=contracts.on_returned,
                on_withdrawn=contracts.on_withdrawn,
                url=lambda contract: f"/procurement/contracts/{contract.pk}/",
                amount=contracts.approval_amount,
                title=lambda contract: f"{contract.supplier.name} · {contract.number}",
                summary_template="procurement/_contract_summary.html",
            )
        )
        checks.register(
            "procurement.overdue_deliveries",
            _("Deliveries later than the contract's date"),
            procurement_checks.overdue_deliveries,
            clause="PROC-4",
            every=checks.DAILY,
        )
        replenishment.register_supply(selectors.planned_supply)
        replenishment.register_planner(procurement_replenishment.draft_from_proposal)
        procurement_shell.register()
        procurement_links.register()  # the records other pages link to
        for spec in procurement_lists.SPECS:  # sorting, downloads and saved filters of the lists
            lists.register(spec)
        procurement_search.register()
