from __future__ import annotations

from django.urls import path

from . import views

app_name = "approvals"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("report/", views.report, name="report"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/<str:verb>/", views.decide, name="decide"),
]
