"""REST resources of the master data: items and categories, warehouses and locations, suppliers
and customers (scoped, ORG-4), regions (SALES-6), and the Excel imports with their templates.
Prices are null for those who may not see them (ORG-4). One module per resource;
:func:`register` adds them all to the API router, ``extra_urls`` the imports."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.routers import DefaultRouter

from .common import PricesMixin
from .customers import CustomerViewSet
from .imports import ImportTemplateView, ImportView
from .items import CategoryViewSet, ItemViewSet
from .regions import RegionViewSet
from .suppliers import SupplierViewSet
from .warehouses import LocationViewSet, WarehouseViewSet

__all__ = ["PricesMixin", "extra_urls", "register"]

extra_urls: list[Any] = [
    path("imports/<str:kind>/", ImportView.as_view(), name="api-import"),
    path("imports/<str:kind>/template/", ImportTemplateView.as_view(), name="api-import-template"),
]


def register(router: DefaultRouter) -> None:
    router.register("item-categories", CategoryViewSet, basename="item-category")
    router.register("items", ItemViewSet, basename="item")
    router.register("warehouses", WarehouseViewSet, basename="warehouse")
    router.register("locations", LocationViewSet, basename="location")
    router.register("suppliers", SupplierViewSet, basename="supplier")
    router.register("customers", CustomerViewSet, basename="customer")
    router.register("regions", RegionViewSet, basename="region")
