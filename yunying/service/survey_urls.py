"""The satisfaction survey a customer answers through its signed link, without an account
(SVC-4)."""

from __future__ import annotations

from django.urls import path

from .views import survey_answer

app_name = "survey"
urlpatterns = [path("<str:token>/", survey_answer.survey_page, name="answer")]
