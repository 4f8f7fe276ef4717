from __future__ import annotations

from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("orders/", views.order_list, name="orders"),
    path("orders/new/", views.order_form, name="order_new"),
    path("orders/import/", views.order_import, name="order_import"),
    path("orders/import/template.xlsx", views.order_import_template, name="order_import_template"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/edit/", views.order_form, name="order_edit"),
    path("orders/<int:pk>/credit/", views.order_credit, name="order_credit"),
    path("orders/<int:pk>/notice/", views.order_notice, name="order_notice"),
    path("orders/<int:pk>/confirm/", views.order_action, {"verb": "confirm"}, name="order_confirm"),
    path("orders/<int:pk>/cancel/", views.order_action, {"verb": "cancel"}, name="order_cancel"),
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("deliveries/<int:pk>/print/", views.delivery_print, name="delivery_print"),
    path("deliveries/<int:pk>/ship/", views.delivery_ship, name="delivery_ship"),
    path("deliveries/<int:pk>/delivered/", views.delivery_delivered, name="delivery_delivered"),
    path("deliveries/<int:pk>/receipt/", views.delivery_receipt, name="delivery_receipt"),
    path("deliveries/<int:pk>/problems/", views.delivery_problem, name="delivery_problem"),
    path(
        "deliveries/<int:pk>/problems/<int:problem>/resolve/",
        views.problem_resolve,
        name="problem_resolve",
    ),
    path("deliveries/<int:pk>/returns/", views.delivery_return, name="delivery_return"),
    path("receivables/", views.receivable_list, name="receivables"),
    path("receivables/ageing/", views.ageing_page, name="ageing"),
    path("receivables/<int:pk>/", views.receivable_detail, name="receivable"),
    path("payments/", views.payment_list, name="payments"),
    path("payments/new/", views.payment_form, name="payment_new"),
    path("targets/", views.target_page, name="targets"),
    path("targets/new/", views.target_form, name="target_new"),
    path("statistics/", views.statistics_page, name="statistics"),
]
