from __future__ import annotations

from django.urls import path

from . import views

app_name = "masterdata"
urlpatterns = [
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_form, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_form, name="item_edit"),
    path("categories/", views.category_list, name="categories"),
    path("suppliers/", views.supplier_list, name="suppliers"),
    path("suppliers/new/", views.supplier_form, name="supplier_new"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier"),
    path("suppliers/<int:pk>/edit/", views.supplier_form, name="supplier_edit"),
    path(
        "suppliers/<int:pk>/block/",
        views.supplier_block,
        {"verb": "block"},
        name="supplier_block",
    ),
    path(
        "suppliers/<int:pk>/unblock/",
        views.supplier_block,
        {"verb": "unblock"},
        name="supplier_unblock",
    ),
    path(
        "suppliers/<int:pk>/contacts/",
        views.contact_add,
        {"kind": "supplier"},
        name="supplier_contact_add",
    ),
    path(
        "suppliers/<int:pk>/contacts/<int:contact>/remove/",
        views.contact_remove,
        {"kind": "supplier"},
        name="supplier_contact_remove",
    ),
    path("customers/", views.customer_list, name="customers"),
    path("customers/new/", views.customer_form, name="customer_new"),
    path("customers/<int:pk>/", views.customer_detail, name="customer"),
    path("customers/<int:pk>/edit/", views.customer_form, name="customer_edit"),
    path(
        "customers/<int:pk>/contacts/",
        views.contact_add,
        {"kind": "customer"},
        name="customer_contact_add",
    ),
    path(
        "customers/<int:pk>/contacts/<int:contact>/remove/",
        views.contact_remove,
        {"kind": "customer"},
        name="customer_contact_remove",
    ),
    path("regions/", views.region_list, name="regions"),
    path("regions/new/", views.region_form, name="region_new"),
    path("warehouses/", views.warehouse_list, name="warehouses"),
    path("warehouses/new/", views.warehouse_form, name="warehouse_new"),
    path("warehouses/<int:pk>/edit/", views.warehouse_form, name="warehouse_edit"),
    path(
        "warehouses/<int:warehouse>/locations/new/",
        views.location_form,
        name="location_new",
    ),
    path("locations/<int:pk>/edit/", views.location_form, name="location_edit"),
    path("import/", views.import_page, name="import"),
    path("import/<str:kind>/template.xlsx", views.import_template, name="import_template"),
]
