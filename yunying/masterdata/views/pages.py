"""What the master data pages share: the form page, the filters an export records, the date in
a download's name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    subtitle: str = "",
    clause: str = "",
) -> HttpResponse:
    return render(
        request,
        "masterdata/form.html",
        {"form": form, "title": title, "back": back, "subtitle": subtitle, "clause": clause},
    )


def filters(request: HttpRequest, *names: str) -> dict[str, str]:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def today() -> str:
    return f"{timezone.localdate():%Y%m%d}"
