from __future__ import annotations

from django.urls import path

from .views import deliveries, imports, orders, receivables, statistics, targets

app_name = "sales"
urlpatterns = [
    path("orders/", orders.order_list, name="orders"),
    path("orders/new/", orders.order_form, name="order_new"),
    path("orders/import/", imports.order_import, name="order_import"),
    path(
        "orders/import/template.xlsx", imports.order_import_template, name="order_import_template"
    ),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/edit/", orders.order_form, name="order_edit"),
    path("orders/<int:pk>/credit/", orders.order_credit, name="order_credit"),
    path("orders/<int:pk>/notice/", orders.order_notice, name="order_notice"),
    path(
        "orders/<int:pk>/confirm/", orders.order_action, {"verb": "confirm"}, name="order_confirm"
    ),
    path("orders/<int:pk>/cancel/", orders.order_action, {"verb": "cancel"}, name="order_cancel"),
    path("deliveries/", deliveries.delivery_list, name="deliveries"),
    path("deliveries/<int:pk>/", deliveries.delivery_detail, name="delivery"),
    path("deliveries/<int:pk>/print/", deliveries.delivery_print, name="delivery_print"),
    path("deliveries/<int:pk>/ship/", deliveries.delivery_ship, name="delivery_ship"),
    path(
        "deliveries/<int:pk>/delivered/", deliveries.delivery_delivered, name="delivery_delivered"
    ),
    path("deliveries/<int:pk>/cancel/", deliveries.delivery_cancel, name="delivery_cancel"),
    path("deliveries/<int:pk>/receipt/", deliveries.delivery_receipt, name="delivery_receipt"),
    path("deliveries/<int:pk>/problems/", deliveries.delivery_problem, name="delivery_problem"),
    path(
        "deliveries/<int:pk>/problems/<int:problem>/resolve/",
        deliveries.problem_resolve,
        name="problem_resolve",
    ),
    path("deliveries/<int:pk>/returns/", deliveries.delivery_return, name="delivery_return"),
    path("receivables/", receivables.receivable_list, name="receivables"),
    path("receivables/ageing/", receivables.ageing_page, name="ageing"),
    path("receivables/<int:pk>/", receivables.receivable_detail, name="receivable"),
    path("payments/", receivables.payment_list, name="payments"),
    path("payments/new/", receivables.payment_form, name="payment_new"),
    path("targets/", targets.target_page, name="targets"),
    path("targets/new/", targets.target_form, name="target_new"),
    path("statistics/", statistics.statistics_page, name="statistics"),
]
