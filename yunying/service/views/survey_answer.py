"""The satisfaction survey page a customer opens from its link, without an account (SVC-4).

It shows only the company, the case's subject and the question; a link that was changed or
names no survey is a 404, an expired one a 410, an answered one thanks the customer again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yunying.core import selectors as core
from yunying.core.errors import DomainError, RuleViolation

from ..selectors.surveys import Opened, open_link
from ..services import surveys

SCORES = [(value, str(value)) for value in range(5, 0, -1)]
STATUS = {"invalid": 404, "expired": 410, "answered": 200, "valid": 200, "thanks": 200}


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you? (5 = very satisfied, 1 = very dissatisfied)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=surveys.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _page(request: HttpRequest, state: str, opened: Opened, form: Any = None) -> HttpResponse:
    company = core.company()
    survey = opened.survey
    context = {
        "state": state,
        "company": company.name if company else "",
        "subject": survey.case.subject if survey is not None and survey.case else "",
        "form": form,
    }
    status = 400 if form is not None and form.errors else STATUS[state]
    response = render(request, "service/survey_answer.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    opened = open_link(token)
    if opened.state != "valid" or opened.survey is None:
        return _page(request, opened.state, opened)
    if request.method != "POST":
        return _page(request, "valid", opened, AnswerForm())
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, "valid", opened, form)
    try:
        surveys.answer(
            survey=opened.survey,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except RuleViolation as refused:
        return _page(request, "expired" if refused.code == "survey_expired" else "answered", opened)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _page(request, "valid", opened, form)
    return _page(request, "thanks", opened)
