from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo company and its loader (``yunying demo``). It sits above every other app: it
    builds a company through all of their services."""

    name = "yunying.demo"
    label = "demo"
    verbose_name = _("Demo company")
