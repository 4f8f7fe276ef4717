"""The audit trail page, with its chain verified on request."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from .. import audit_text, lists
from ..list_specs import AUDIT, audit_rows
from ..readable import Names
from ..services import audit_chain
from ..web import (
    actor,
    asks_for_file,
    employee_view,
    keyset_paginate,
    query_string_without_page,
    require,
)


@employee_view
def audit_list(request: HttpRequest) -> HttpResponseBase:
    require(request, "core.view_audit", export="core.auditevent")
    events = lists.ordered(AUDIT, audit_rows(actor(request), request.GET), request.GET)
    if asks_for_file(request):
        return lists.download(request, AUDIT, events)
    result = audit_chain.verify() if request.GET.get("verify") else None
    # The trail only grows: pages by cursor down its sequence, no count.
    page = keyset_paginate(request, events, lists.ordering(AUDIT, request.GET.get("sort")))
    names = Names()
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "entries": [audit_text.describe(event, names) for event in page],
            "query": query_string_without_page(request),
            "verify": result,
            "verify_problem": audit_chain.describe(result) if result and not result.ok else "",
            "tools": lists.tools(request, AUDIT),
        },
    )
