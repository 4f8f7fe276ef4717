from __future__ import annotations

from django.urls import path

from . import views
from .views import check_runs

app_name = "core"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("org/", views.org_tree, name="org"),
    path("org/departments/new/", views.department_form, name="department_new"),
    path("org/departments/<int:pk>/edit/", views.department_form, name="department_edit"),
    path("org/employees/", views.employee_list, name="employees"),
    path("org/employees/new/", views.employee_form, name="employee_new"),
    path("org/employees/<int:pk>/", views.employee_detail, name="employee"),
    path("org/employees/<int:pk>/edit/", views.employee_form, name="employee_edit"),
    path("org/positions/", views.position_list, name="positions"),
    path("org/positions/new/", views.position_form, name="position_new"),
    path("org/positions/<int:pk>/", views.position_detail, name="position"),
    path("org/positions/<int:pk>/change/", views.position_change_new, name="position_change_new"),
    path("org/position-changes/<int:pk>/", views.position_change_detail, name="position_change"),
    path(
        "org/position-changes/<int:pk>/edit/",
        views.position_change_edit,
        name="position_change_edit",
    ),
    path(
        "org/position-changes/<int:pk>/<str:verb>/",
        views.position_change_action,
        name="position_change_action",
    ),
    path("audit/", views.audit_list, name="audit"),
    path("system/check-runs/", check_runs.check_run_list, name="check_runs"),
    path("exports/", views.export_job_list, name="export_jobs"),
    path("exports/<int:pk>/download/", views.export_job_download, name="export_job_download"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
