"""REST resources of sales: orders (SALES-1, SALES-2, SALES-7), deliveries with shipping, the
customer's receipt, problems and returns (SALES-3, SALES-4), receivables, payments and their
ageing (SALES-5, SALES-8), targets with their achievement (SALES-6) and the sales statistics —
one module each; what they share is in ``common``.

Every list and record is scoped to the caller (ORG-2, ORG-4): a record outside it answers 404.
Errors are ``{"detail", "code", "clause"}``; e.g. confirming an order without the stock for it
is a 409 with ``"clause": "INV-6"``. Each enum of the schema is named once, by the serializer of
its model; inputs take the same values as plain strings."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .deliveries import DeliveryViewSet
from .orders import SalesOrderViewSet
from .payments import PaymentViewSet
from .receivables import ReceivableViewSet
from .statistics import SalesStatisticsView
from .targets import SalesTargetViewSet


def register(router: DefaultRouter) -> None:
    router.register("sales-orders", SalesOrderViewSet, basename="sales-order")
    router.register("deliveries", DeliveryViewSet, basename="delivery")
    router.register("receivables", ReceivableViewSet, basename="receivable")
    router.register("payments", PaymentViewSet, basename="payment")
    router.register("sales-targets", SalesTargetViewSet, basename="sales-target")


extra_urls = [
    path("sales-statistics/", SalesStatisticsView.as_view(), name="api-sales-statistics"),
]
