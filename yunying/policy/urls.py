from __future__ import annotations

from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("new/", views.regulation_new, name="new"),
    path("rules/", views.rule_catalogue, name="catalogue"),
    path("<int:pk>/", views.regulation_detail, name="regulation"),
    path("<int:pk>/new-version/", views.new_version, name="new_version"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/source.yaml", views.version_source, name="version_source"),
    path("versions/<int:pk>/clauses/new/", views.clause_form, name="clause_new"),
    path("versions/<int:pk>/clauses/<int:clause_pk>/", views.clause_form, name="clause_edit"),
    path("versions/<int:pk>/rules/", views.rule_form, name="rule_form"),
    path("versions/<int:pk>/comment/", views.comment, name="comment"),
    path("versions/<int:pk>/unacknowledged/", views.unacknowledged, name="unacknowledged"),
    path(
        "versions/<int:pk>/delete/<str:kind>/<int:item_pk>/", views.delete_item, name="delete_item"
    ),
    path("versions/<int:pk>/<str:verb>/", views.lifecycle, name="lifecycle"),
]
