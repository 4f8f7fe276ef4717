from __future__ import annotations

from django.urls import path

from .views import contracts, plans, receipts, supplier_returns, suppliers

app_name = "procurement"
urlpatterns = [
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_form, name="plan_new"),
    path("plans/open-lines/", plans.open_lines, name="open_lines"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_form, name="plan_edit"),
    path("plans/<int:pk>/<str:verb>/", plans.plan_action, name="plan_action"),
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/", contracts.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/cancel/", contracts.contract_cancel, name="contract_cancel"),
    path(
        "contracts/<int:pk>/plan-check/",
        contracts.contract_plan_check,
        name="contract_plan_check",
    ),
    path("contracts/<int:pk>/receive/", receipts.receive, name="receive"),
    path("receipts/", receipts.receipt_list, name="receipts"),
    path("receipts/<int:pk>/", receipts.receipt_detail, name="receipt"),
    path("receipts/<int:pk>/cancel/", receipts.receipt_cancel, name="receipt_cancel"),
    path(
        "receipts/lines/<int:pk>/returned/",
        receipts.receipt_line_returned,
        name="receipt_line_returned",
    ),
    path(
        "receipts/<int:pk>/return/",
        supplier_returns.supplier_return_new,
        name="supplier_return_new",
    ),
    path("supplier-returns/", supplier_returns.supplier_return_list, name="supplier_returns"),
    path(
        "supplier-returns/<int:pk>/",
        supplier_returns.supplier_return_detail,
        name="supplier_return",
    ),
    path(
        "supplier-returns/<int:pk>/cancel/",
        supplier_returns.supplier_return_cancel,
        name="supplier_return_cancel",
    ),
    path("suppliers/", suppliers.evaluations, name="evaluations"),
    path(
        "suppliers/<int:pk>/evaluation/",
        suppliers.supplier_evaluation,
        name="supplier_evaluation",
    ),
]
