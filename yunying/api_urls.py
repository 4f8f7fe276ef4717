"""The REST API, version 1: each app adds its resources to one router."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from yunying.approvals import api as approvals_api
from yunying.core import api as core_api
from yunying.crm import api as crm_api
from yunying.inventory import api as inventory_api
from yunying.masterdata import api as masterdata_api
from yunying.policy import api as policy_api
from yunying.procurement import api as procurement_api
from yunying.sales import api as sales_api
from yunying.service import api as service_api

router = DefaultRouter()
APPS = (
    core_api,
    policy_api,
    approvals_api,
    masterdata_api,
    inventory_api,
    procurement_api,
    sales_api,
    service_api,
    crm_api,
)
for module in APPS:
    module.register(router)

api_urlpatterns = [
    *(url for module in APPS for url in module.extra_urls),
    path("rule-catalogue/", policy_api.RuleCatalogueView.as_view(), name="api-rule-catalogue"),
    *router.urls,
]
