"""The administrator's page of the working calendar (``/system/calendar/``): the holidays and
make-up working days of a year, with add and delete, and the weekly working periods."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import CalendarDay, Weekday, WorkingPeriod
from ..params import whole_number
from ..services import calendar
from ..web import actor, attempt, employee_view, redirect, require

DATE = {"type": "date"}
TIME = {"type": "time", "step": 60}


class DayForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(choices=CalendarDay.Kind.choices, label=gettext_lazy("Kind"))
    name = forms.CharField(max_length=60, label=gettext_lazy("Name of the day"))
    follows = forms.TypedChoiceField(
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=gettext_lazy("Works as"),
        help_text=gettext_lazy("For a make-up working day: the weekday whose hours it works."),
    )


class PeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=Weekday.choices, coerce=int, label=gettext_lazy("Weekday")
    )
    start = forms.TimeField(
        label=gettext_lazy("Starts at"), widget=forms.TimeInput(attrs=TIME, format="%H:%M")
    )
    end = forms.TimeField(
        label=gettext_lazy("Ends at"), widget=forms.TimeInput(attrs=TIME, format="%H:%M")
    )


def _year(request: HttpRequest) -> int:
    year = whole_number(request.GET.get("year"), maximum=9999)
    return year or timezone.localdate().year


def _page(
    request: HttpRequest,
    year: int,
    day_form: DayForm | None = None,
    period_form: PeriodForm | None = None,
) -> HttpResponse:
    this_year = timezone.localdate().year
    years = {this_year, this_year + 1, year}
    years.update(day.year for day in CalendarDay.objects.dates("date", "year"))
    context: dict[str, Any] = {
        "year": year,
        "years": sorted(years),
        "days": CalendarDay.objects.filter(date__year=year).order_by("date"),
        "periods": WorkingPeriod.objects.order_by("weekday", "start", "id"),
        "day_form": day_form or DayForm(initial={"kind": CalendarDay.Kind.HOLIDAY}),
        "period_form": period_form or PeriodForm(),
    }
    return render(request, "core/calendar.html", context)


def _back(request: HttpRequest, year: int) -> HttpResponse:
    return redirect(request, f"{reverse('core:calendar')}?year={year}")


@employee_view
def calendar_page(request: HttpRequest) -> HttpResponse:
    require(request, calendar.ADMINISTRATOR)
    return _page(request, _year(request))


@require_POST
@employee_view
def calendar_day_add(request: HttpRequest) -> HttpResponse:
    require(request, calendar.ADMINISTRATOR)
    form, me = DayForm(request.POST), actor(request)
    if form.is_valid():
        data = form.cleaned_data
        day = attempt(
            request,
            lambda: calendar.add_day(actor=me, **data),
            form=form,
            success=_("Day added to the calendar."),
        )
        if day is not None:
            return _back(request, day.date.year)
    year = form.cleaned_data["date"].year if "date" in form.cleaned_data else _year(request)
    return _page(request, year, day_form=form)


@require_POST
@employee_view
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, calendar.ADMINISTRATOR)
    day, me = get_object_or_404(CalendarDay, pk=pk), actor(request)
    attempt(
        request,
        lambda: calendar.delete_day(actor=me, day=day),
        success=_("Day removed from the calendar."),
    )
    return _back(request, day.date.year)


@require_POST
@employee_view
def working_period_add(request: HttpRequest) -> HttpResponse:
    require(request, calendar.ADMINISTRATOR)
    form, me = PeriodForm(request.POST), actor(request)
    if form.is_valid():
        data = form.cleaned_data
        period = attempt(
            request,
            lambda: calendar.add_period(actor=me, **data),
            form=form,
            success=_("Working period added."),
        )
        if period is not None:
            return _back(request, _year(request))
    return _page(request, _year(request), period_form=form)


@require_POST
@employee_view
def working_period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, calendar.ADMINISTRATOR)
    period, me = get_object_or_404(WorkingPeriod, pk=pk), actor(request)
    attempt(
        request,
        lambda: calendar.delete_period(actor=me, period=period),
        success=_("Working period removed."),
    )
    return _back(request, _year(request))
