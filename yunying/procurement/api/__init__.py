"""REST resources of procurement: purchase and replenishment plans with the system's proposal
(PROC-1, PROC-2, INV-2), open plan lines, contracts (PROC-3, PROC-4), goods receipts with
inspection (PROC-5, PROC-6), returns of accepted goods to the supplier (PROC-5) and the
evaluation of a supplier (PROC-7). Prices and amounts are protected (ORG-4): without
masterdata.view_prices they are null.

One module per part of the purchase: ``plans``, ``contracts``, ``receipts``,
``supplier_returns``, ``suppliers``;
``common`` holds the fields and parameters they share."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .contracts import ContractViewSet
from .plans import OpenPlanLineViewSet, PlanViewSet
from .receipts import ReceiptLineViewSet, ReceiptViewSet
from .supplier_returns import SupplierReturnViewSet
from .suppliers import SupplierEvaluationView


def register(router: DefaultRouter) -> None:
    router.register("plans", PlanViewSet, basename="purchase-plan")
    router.register("open-plan-lines", OpenPlanLineViewSet, basename="open-plan-line")
    router.register("contracts", ContractViewSet, basename="purchase-contract")
    router.register("receipts", ReceiptViewSet, basename="goods-receipt")
    router.register("receipt-lines", ReceiptLineViewSet, basename="goods-receipt-line")
    router.register("supplier-returns", SupplierReturnViewSet, basename="supplier-return")


extra_urls = [
    path(
        "suppliers/<int:pk>/evaluation/",
        SupplierEvaluationView.as_view(),
        name="api-supplier-evaluation",
    ),
]
