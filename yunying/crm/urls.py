from __future__ import annotations

from django.urls import path

from . import views

app_name = "crm"

urlpatterns = [
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("intel/", views.intel_list, name="intel"),
    path("intel/new/", views.intel_new, name="intel_new"),
    path("intel/<int:pk>/", views.intel_detail, name="intel_entry"),
    path("intel/<int:pk>/edit/", views.intel_edit, name="intel_edit"),
    path("intel/<int:pk>/delete/", views.intel_delete, name="intel_delete"),
    path("competitors/", views.competitor_list, name="competitors"),
    path("competitors/<int:pk>/active/", views.competitor_active, name="competitor_active"),
    path("promotions/", views.promotion_list, name="promotions"),
    path("promotions/new/", views.promotion_new, name="promotion_new"),
    path("promotions/<int:pk>/", views.promotion_detail, name="promotion"),
    path("promotions/<int:pk>/edit/", views.promotion_edit, name="promotion_edit"),
    path("promotions/<int:pk>/<str:verb>/", views.promotion_action, name="promotion_action"),
]
