from __future__ import annotations

from django.urls import path

from .views import contacts, customers, imports, items, regions, suppliers, warehouses

app_name = "masterdata"
urlpatterns = [
    path("items/", items.item_list, name="items"),
    path("items/new/", items.item_form, name="item_new"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path("items/<int:pk>/edit/", items.item_form, name="item_edit"),
    path("categories/", items.category_list, name="categories"),
    path("suppliers/", suppliers.supplier_list, name="suppliers"),
    path("suppliers/new/", suppliers.supplier_form, name="supplier_new"),
    path("suppliers/<int:pk>/", suppliers.supplier_detail, name="supplier"),
    path("suppliers/<int:pk>/edit/", suppliers.supplier_form, name="supplier_edit"),
    path(
        "suppliers/<int:pk>/block/",
        suppliers.supplier_block,
        {"verb": "block"},
        name="supplier_block",
    ),
    path(
        "suppliers/<int:pk>/unblock/",
        suppliers.supplier_block,
        {"verb": "unblock"},
        name="supplier_unblock",
    ),
    path(
        "suppliers/<int:pk>/contacts/",
        contacts.contact_add,
        {"kind": "supplier"},
        name="supplier_contact_add",
    ),
    path(
        "suppliers/<int:pk>/contacts/<int:contact>/remove/",
        contacts.contact_remove,
        {"kind": "supplier"},
        name="supplier_contact_remove",
    ),
    path("customers/", customers.customer_list, name="customers"),
    path("customers/new/", customers.customer_form, name="customer_new"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer"),
    path("customers/<int:pk>/edit/", customers.customer_form, name="customer_edit"),
    path(
        "customers/<int:pk>/contacts/",
        contacts.contact_add,
        {"kind": "customer"},
        name="customer_contact_add",
    ),
    path(
        "customers/<int:pk>/contacts/<int:contact>/remove/",
        contacts.contact_remove,
        {"kind": "customer"},
        name="customer_contact_remove",
    ),
    path("regions/", regions.region_list, name="regions"),
    path("regions/new/", regions.region_form, name="region_new"),
    path("warehouses/", warehouses.warehouse_list, name="warehouses"),
    path("warehouses/new/", warehouses.warehouse_form, name="warehouse_new"),
    path("warehouses/<int:pk>/edit/", warehouses.warehouse_form, name="warehouse_edit"),
    path(
        "warehouses/<int:warehouse>/locations/new/",
        warehouses.location_form,
        name="location_new",
    ),
    path("locations/<int:pk>/edit/", warehouses.location_form, name="location_edit"),
    path("import/", imports.import_page, name="import"),
    path("import/<str:kind>/template.xlsx", imports.import_template, name="import_template"),
]
