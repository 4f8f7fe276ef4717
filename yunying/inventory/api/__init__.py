"""REST resources of the inventory: balances, availability, the ledger, transfers, stocktakes,
the replenishment proposal, closed periods and alerts. Values and costs only for those who may
see prices (ORG-4).

One module per subject: ``stock``, ``ledger``, ``transfers``, ``issues`` (material issues),
``openings`` (opening stock), ``stocktakes``,
``replenishment`` (with the alerts) and ``periods``; ``common`` holds what they share."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter

from .issues import MaterialIssueViewSet
from .ledger import LedgerViewSet
from .openings import OpeningStockViewSet
from .periods import PeriodViewSet
from .replenishment import AlertViewSet, ReplenishmentViewSet
from .stock import BalanceViewSet, ItemStockViewSet
from .stocktakes import StocktakeViewSet
from .transfers import TransferViewSet


def register(router: DefaultRouter) -> None:
    router.register("inventory/balances", BalanceViewSet, basename="inventory-balance")
    router.register("inventory/items", ItemStockViewSet, basename="inventory-item")
    router.register("inventory/ledger", LedgerViewSet, basename="inventory-ledger")
    router.register("inventory/transfers", TransferViewSet, basename="inventory-transfer")
    router.register("inventory/issues", MaterialIssueViewSet, basename="inventory-issue")
    router.register(
        "inventory/opening-stock", OpeningStockViewSet, basename="inventory-opening-stock"
    )
    router.register("inventory/stocktakes", StocktakeViewSet, basename="inventory-stocktake")
    router.register(
        "inventory/replenishment", ReplenishmentViewSet, basename="inventory-replenishment"
    )
    router.register("inventory/periods", PeriodViewSet, basename="inventory-period")
    router.register("inventory/alerts", AlertViewSet, basename="inventory-alert")


extra_urls: list[Any] = []
