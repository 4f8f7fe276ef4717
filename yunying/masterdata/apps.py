from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasterdataConfig(AppConfig):
    name = "yunying.masterdata"
    label = "masterdata"
    verbose_name = _("Master data")

    def ready(self) -> None:
        from yunying.core import access, lists, navigation

        from . import links as masterdata_links
        from . import lists as masterdata_lists
        from . import search as masterdata_search

        group = _("Master data")
        access.register(
            "masterdata.manage_items", _("Manage items and warehouses"), group=group, scoped=False
        )
        access.register(
            "masterdata.view_prices",
            _("See prices and stock values"),
            group=group,
            scoped=False,
            protected=True,
        )
        access.register(
            "masterdata.view_supplier", _("View suppliers"), group=group, protected=True
        )
        access.register(
            "masterdata.manage_supplier",
            _("Create and edit suppliers"),
            group=group,
            protected=True,
        )
        access.register(
            "masterdata.view_customer", _("View customers"), group=group, protected=True
        )
        access.register(
            "masterdata.manage_customer",
            _("Create and edit customers"),
            group=group,
            protected=True,
        )

        section = _("Master data")
        navigation.register(section, _("Items"), "masterdata:items", order=600)
        navigation.register(
            section,
            _("Suppliers"),
            "masterdata:suppliers",
            permissions=("masterdata.view_supplier",),
            order=610,
        )
        navigation.register(
            section,
            _("Customers"),
            "masterdata:customers",
            permissions=("masterdata.view_customer",),
            order=620,
        )
        navigation.register(section, _("Warehouses"), "masterdata:warehouses", order=630)
        navigation.register(
            section,
            _("Excel import"),
            "masterdata:import",
            permissions=(
                "masterdata.manage_items",
                "masterdata.manage_supplier",
                "masterdata.manage_customer",
                "inventory.import_opening",
            ),
            order=640,
        )
        for spec in masterdata_lists.SPECS:  # sorting and saved filters of the lists
            lists.register(spec)
        masterdata_search.register()
        masterdata_links.register()  # the records other pages link to
