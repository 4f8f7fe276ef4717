"""The audit trail page, with its chain verified on request."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..services import audit_chain
from ..web import (
    employee_view,
    keyset_paginate,
    query_string_without_page,
    require,
)


@employee_view
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request, "core.view_audit")
    events = selectors.audit_events()
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(
            Q(action__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(actor_name__icontains=q)
            | Q(clause__iexact=q)
        )
    result = audit_chain.verify() if request.GET.get("verify") else None
    return render(
        request,
        "core/audit_list.html",
        {
            # The trail only grows: pages by cursor down its sequence, no count.
            "page": keyset_paginate(request, events, ("-seq",)),
            "query": query_string_without_page(request),
            "verify": result,
            "verify_problem": audit_chain.describe(result) if result and not result.ok else "",
        },
    )
