from __future__ import annotations

from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_form, name="plan_new"),
    path("plans/open-lines/", views.open_lines, name="open_lines"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_form, name="plan_edit"),
    path("plans/<int:pk>/<str:verb>/", views.plan_action, name="plan_action"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/new/", views.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/cancel/", views.contract_cancel, name="contract_cancel"),
    path("contracts/<int:pk>/plan-check/", views.contract_plan_check, name="contract_plan_check"),
    path("contracts/<int:pk>/receive/", views.receive, name="receive"),
    path("receipts/", views.receipt_list, name="receipts"),
    path("receipts/<int:pk>/", views.receipt_detail, name="receipt"),
    path("receipts/<int:pk>/cancel/", views.receipt_cancel, name="receipt_cancel"),
    path(
        "receipts/lines/<int:pk>/returned/",
        views.receipt_line_returned,
        name="receipt_line_returned",
    ),
    path("suppliers/", views.evaluations, name="evaluations"),
    path("suppliers/<int:pk>/evaluation/", views.supplier_evaluation, name="supplier_evaluation"),
]
