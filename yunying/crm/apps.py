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
        from .permissions import LOG_CONTACT, RECORD_INTEL, VIEW_CONTACTS, VIEW_INTEL

        group = _("Customer relations")
        access.register(LOG_CONTACT, _("Log contacts with customers and suppliers"), group=group)
        access.register(VIEW_CONTACTS, _("View the contact log"), group=group)
        access.register(RECORD_INTEL, _("Record market intelligence"), group=group)
        access.register(VIEW_INTEL, _("View market intelligence"), group=group)

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
        for spec in crm_lists.SPECS:  # sorting, downloads and saved filters of the lists
            lists.register(spec)
        crm_search.register()
        crm_links.register()  # the records other pages link to
        crm_shell.register()
        crm_panels.register()  # the contact log on customer and supplier pages
