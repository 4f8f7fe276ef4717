from __future__ import annotations

from django.urls import path

from . import views
from .views import calendar, channels, check_runs, lists, search, shell

app_name = "core"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path(
        "notifications/<int:pk>/dismiss/",
        views.notification_dismiss,
        name="notification_dismiss",
    ),
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
    path("documents/<str:key>/<int:pk>/", shell.document_shell, name="document_shell"),
    path(
        "documents/<str:key>/<int:pk>/attachments/",
        shell.attachment_upload,
        name="attachment_upload",
    ),
    path("documents/<str:key>/<int:pk>/comments/", shell.comment_post, name="comment_post"),
    path("documents/<str:key>/<int:pk>/print/", shell.document_print, name="document_print"),
    path("documents/<str:key>/<int:pk>/pdf/", shell.document_pdf, name="document_pdf"),
    path("attachments/<int:pk>/", shell.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", shell.attachment_delete, name="attachment_delete"),
    path("audit/", views.audit_list, name="audit"),
    path("system/check-runs/", check_runs.check_run_list, name="check_runs"),
    path("system/channels/", channels.channel_list, name="channels"),
    path("system/channels/new/", channels.channel_form, name="channel_new"),
    path("system/channels/<int:pk>/edit/", channels.channel_form, name="channel_edit"),
    path("system/channels/<int:pk>/delete/", channels.channel_delete, name="channel_delete"),
    path("system/calendar/", calendar.calendar_page, name="calendar"),
    path("system/calendar/days/", calendar.calendar_day_add, name="calendar_day_add"),
    path(
        "system/calendar/days/<int:pk>/delete/",
        calendar.calendar_day_delete,
        name="calendar_day_delete",
    ),
    path("system/calendar/periods/", calendar.working_period_add, name="working_period_add"),
    path(
        "system/calendar/periods/<int:pk>/delete/",
        calendar.working_period_delete,
        name="working_period_delete",
    ),
    path("account/notifications/", channels.my_preference, name="my_delivery"),
    path("exports/", views.export_job_list, name="export_jobs"),
    path("exports/<int:pk>/download/", views.export_job_download, name="export_job_download"),
    path("search/", search.search_page, name="search"),
    path("lists/<str:list_name>/filters/", lists.saved_filter_save, name="saved_filter_save"),
    path("lists/filters/<int:pk>/delete/", lists.saved_filter_delete, name="saved_filter_delete"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
