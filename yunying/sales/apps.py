from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "yunying.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from yunying.approvals import registry as approvals
        from yunying.core import access, checks, jobs, lists, navigation
        from yunying.inventory import replenishment

        from . import checks as sales_checks
        from . import downloads
        from . import links as sales_links
        from . import lists as sales_lists
        from . import panels as sales_panels
        from . import search as sales_search
        from . import shell as sales_shell
        from .models import SalesOrder
        from .selectors.orders import open_demand
        from .services import orders

        group = _("Sales")
        access.register(
            "sales.manage_order",
            _("Enter, confirm and follow sales orders"),
            group=group,
            protected=True,
        )
        access.register("sales.view_order", _("View sales orders"), group=group, protected=True)
        access.register("sales.ship", _("Ship and deliver (logistics)"), group=group, scoped=False)
        access.register(
            "sales.record_payment",
            _("Record customer payments"),
            group=group,
            scoped=False,
            protected=True,
        )
        access.register("sales.view_receivable", _("View receivables"), group=group, protected=True)
        access.register("sales.manage_target", _("Set sales targets"), group=group, scoped=False)
        access.register(
            "sales.view_statistics",
            _("View sales statistics"),
            group=group,
            scoped=False,
            protected=True,
        )

        section = _("Sales")
        navigation.register(
            section,
            _("Sales orders"),
            "sales:orders",
            permissions=("sales.manage_order", "sales.view_order"),
            order=350,
        )
        navigation.register(
            section,
            _("Deliveries"),
            "sales:deliveries",
            permissions=("sales.ship", "sales.manage_order", "sales.view_order"),
            order=355,
        )
        navigation.register(
            section,
            _("Receivables"),
            "sales:receivables",
            permissions=("sales.record_payment", "sales.view_receivable"),
            order=360,
        )
        navigation.register(
            section,
            _("Sales targets"),
            "sales:targets",
            permissions=("sales.manage_target", "sales.view_statistics"),
            order=365,
        )
        navigation.register(
            section,
            _("Sales statistics"),
            "sales:statistics",
            permissions=("sales.view_statistics",),
            order=370,
        )

        jobs.register_export(
            downloads.ORDERS_EXPORT,
            _("Sales orders (one row per line)"),
            downloads.orders_export_job,
            what="sales.salesorder",
        )
        for spec in sales_lists.SPECS:
            lists.register(spec)
        sales_search.register()
        approvals.register(
            approvals.DocumentType(
                key="sales.credit_override",
                model=SalesOrder,
                label=_("Order beyond the credit limit"),
                on_approved=orders.on_approved,
                on_rejected=orders.on_rejected,
                on_returned=orders.on_returned,
                on_withdrawn=orders.on_withdrawn,
                url=lambda order: f"/sales/orders/{order.pk}/",
                amount=lambda order: order.amount,
                title=lambda order: f"{order.customer.name} · {order.number}",
                summary_template="sales/_order_summary.html",
            )
        )
        checks.register(
            "sales.late_deliveries",
            _("Deliveries later than promised"),
            sales_checks.late_deliveries,
            clause="SALES-3",
            every=checks.DAILY,
        )
        checks.register(
            "sales.overdue_receivables",
            _("Receivables past their due date"),
            sales_checks.overdue_receivables,
            clause="SALES-8",
            every=checks.DAILY,
        )
        replenishment.register_demand(open_demand)
        sales_shell.register()
        sales_links.register()  # the records other pages link to
        sales_panels.register()  # orders, deliveries, receivables in the customer file (SVC-4)
