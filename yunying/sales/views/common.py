"""What the sales pages share: the read permission check (a refused export audited), reading
dates and the region from the address, the filters an export records, money as shown, and a
posted form's errors as messages."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import number_format

from yunying.core.models import Employee
from yunying.core.params import as_id
from yunying.core.web import actor, refuse_export
from yunying.masterdata import selectors as masterdata
from yunying.masterdata.models import Region

from ..selectors.scope import holds_any


def require_any(request: HttpRequest, codes: Iterable[str], *, export: str = "") -> Employee:
    """403 unless the actor holds one of ``codes``; a refused export of ``export`` is audited."""
    me = actor(request)
    if not holds_any(me, codes):
        if export:
            refuse_export(request, export, " | ".join(codes))
        raise PermissionDenied
    return me


def date_param(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def region_param(request: HttpRequest) -> Region | None:
    key = as_id(request.GET.get("region"))
    return masterdata.regions().filter(pk=key).first() if key else None


def filters_of(request: HttpRequest, *names: str) -> dict[str, str]:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def today_stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


def money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def form_errors_as_messages(request: HttpRequest, form: Any) -> None:
    """A posted form that is not shown again: its errors as messages."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        messages.error(request, f"{label}: {text}" if label else text)
