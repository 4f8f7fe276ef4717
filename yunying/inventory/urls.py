from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "inventory"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inventory:overview"), name="home"),
    path("overview/", views.overview, name="overview"),
    path("stock/", views.stock, name="stock"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("ledger/", views.ledger, name="ledger"),
    path("replenishment/", views.replenishment_page, name="replenishment"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/new/", views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("stocktakes/", views.stocktake_list, name="stocktakes"),
    path("stocktakes/new/", views.stocktake_new, name="stocktake_new"),
    path("stocktakes/<int:pk>/", views.stocktake_detail, name="stocktake"),
    path("stocktakes/<int:pk>/counts/", views.stocktake_counts, name="stocktake_counts"),
    path("stocktakes/<int:pk>/found/", views.stocktake_found, name="stocktake_found"),
    path("stocktakes/<int:pk>/sheet/", views.stocktake_sheet, name="stocktake_sheet"),
    path("stocktakes/<int:pk>/upload/", views.stocktake_upload, name="stocktake_upload"),
    path("stocktakes/<int:pk>/<str:verb>/", views.stocktake_action, name="stocktake_action"),
    path("periods/", views.period_list, name="periods"),
]
