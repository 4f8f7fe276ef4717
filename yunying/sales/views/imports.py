"""Order import pages: draft orders from an Excel file, all or nothing (SALES-1), and the
workbook to fill in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from yunying.core.excel import xlsx_response
from yunying.core.web import actor, attempt, employee_view, redirect, require

from ..forms.orders import OrderImportForm
from ..selectors.orders import quotes_list_prices
from ..selectors.scope import MANAGE_ORDER
from ..services import imports
from .common import today_stamp


@employee_view
def order_import(request: HttpRequest) -> HttpResponse:
    """Draft orders from an Excel file, all or nothing (SALES-1)."""
    me = actor(request)
    require(request, MANAGE_ORDER)
    form = OrderImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = attempt(
            request,
            lambda: imports.import_orders(form.cleaned_data["file"], actor=me),
            form=form,
        )
        if result is not None and result.ok:
            count = len(result.orders)
            messages.success(
                request,
                ngettext(
                    "%(n)s draft order imported: %(numbers)s. Confirm it to reserve the stock.",
                    "%(n)s draft orders imported: %(numbers)s. Confirm them to reserve the stock.",
                    count,
                )
                % {"n": count, "numbers": "、".join(o.number for o in result.orders)},
            )
            return redirect(request, reverse("sales:orders") + "?state=draft")
    errors = result.errors if result is not None else []
    return render(
        request,
        "sales/order_import.html",
        {
            "form": form,
            "errors": errors[:200],
            "more_errors": max(len(errors) - 200, 0),
            "columns": imports.COLUMNS,
            "prices": quotes_list_prices(me),
        },
    )


@employee_view
def order_import_template(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE_ORDER)
    return xlsx_response(f"sales-orders-template-{today_stamp()}.xlsx", imports.template())
