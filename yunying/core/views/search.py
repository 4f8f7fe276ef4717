"""The search page (``/search/?q=``): the hits of every registered kind the reader may open
(``core.search``), grouped and capped."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import search
from ..web import actor, employee_view


@employee_view
def search_page(request: HttpRequest) -> HttpResponse:
    query = search.cleaned(request.GET.get("q"))
    short = len(query) < search.MIN_LENGTH
    return render(
        request,
        "core/search.html",
        {
            "q": query,
            "short": short,
            "min_length": search.MIN_LENGTH,
            "groups": [] if short else search.search(actor(request), query),
        },
    )
