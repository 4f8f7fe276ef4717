from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from .views import (
    issues,
    openings,
    overview,
    periods,
    replenishment,
    stock,
    stocktakes,
    transfers,
)

app_name = "inventory"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inventory:overview"), name="home"),
    path("overview/", overview.overview, name="overview"),
    path("stock/", stock.stock, name="stock"),
    path("items/<int:pk>/", stock.item_detail, name="item"),
    path("ledger/", stock.ledger, name="ledger"),
    path("replenishment/", replenishment.replenishment_page, name="replenishment"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/new/", transfers.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    path("issues/", issues.issue_list, name="issues"),
    path("issues/new/", issues.issue_new, name="issue_new"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue"),
    path("issues/<int:pk>/<str:verb>/", issues.issue_action, name="issue_action"),
    path("opening-stock/", openings.opening_list, name="openings"),
    path("opening-stock/new/", openings.opening_new, name="opening_new"),
    path("opening-stock/<int:pk>/", openings.opening_detail, name="opening"),
    path("opening-stock/<int:pk>/cancel/", openings.opening_cancel, name="opening_cancel"),
    path("stocktakes/", stocktakes.stocktake_list, name="stocktakes"),
    path("stocktakes/new/", stocktakes.stocktake_new, name="stocktake_new"),
    path("stocktakes/<int:pk>/", stocktakes.stocktake_detail, name="stocktake"),
    path("stocktakes/<int:pk>/counts/", stocktakes.stocktake_counts, name="stocktake_counts"),
    path("stocktakes/<int:pk>/found/", stocktakes.stocktake_found, name="stocktake_found"),
    path("stocktakes/<int:pk>/sheet/", stocktakes.stocktake_sheet, name="stocktake_sheet"),
    path("stocktakes/<int:pk>/upload/", stocktakes.stocktake_upload, name="stocktake_upload"),
    path("stocktakes/<int:pk>/<str:verb>/", stocktakes.stocktake_action, name="stocktake_action"),
    path("periods/", periods.period_list, name="periods"),
]
