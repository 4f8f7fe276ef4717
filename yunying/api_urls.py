"""The REST API, version 1: each app adds its resources to one router."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from yunying.approvals import api as approvals_api
from yunying.core import api as core_api
from yunying.policy import api as policy_api

router = DefaultRouter()
for module in (core_api, policy_api, approvals_api):
    module.register(router)

api_urlpatterns = [
    *core_api.extra_urls,
    path("rule-catalogue/", policy_api.RuleCatalogueView.as_view(), name="api-rule-catalogue"),
    *router.urls,
]
