from __future__ import annotations

from django.urls import path

from .views import cases, causes, reports, satisfaction

app_name = "service"
urlpatterns = [
    path("cases/", cases.case_list, name="cases"),
    path("causes/", causes.cause_list, name="causes"),
    path("satisfaction/", satisfaction.satisfaction_page, name="satisfaction"),
    path("reports/", reports.reports_page, name="reports"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/return/", cases.case_return, name="case_return"),
    path("cases/<int:pk>/reassign/", cases.case_reassign, name="case_reassign"),
    path("cases/<int:pk>/priority/", cases.case_priority, name="case_priority"),
    path("cases/<int:pk>/<slug:verb>/", cases.case_step, name="case_step"),
]
