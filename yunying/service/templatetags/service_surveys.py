"""The survey of a case as its page shows it to those who handle the case (SVC-4)."""

from __future__ import annotations

from typing import Any

from django import template

from yunying.core import access

from ..models import ServiceCase
from ..selectors.surveys import link_for, survey_of_case

register = template.Library()
HANDLE = "service.handle_case"
SUPERVISE = "service.supervise"


@register.simple_tag(takes_context=True)
def case_survey(context: Any, case: ServiceCase) -> dict[str, Any] | None:
    """The case's survey and its link, for a reader who handles or supervises the case;
    ``None`` for anyone else or when the case has none."""
    request = context.get("request")
    reader = getattr(request, "employee", None)
    if not any(access.in_scope(reader, code, case) for code in (HANDLE, SUPERVISE)):
        return None
    survey = survey_of_case(case.pk)
    if survey is None:
        return None
    return {"survey": survey, "link": link_for(survey)}
