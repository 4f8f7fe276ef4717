"""REST resources of the working calendar: the special days of a year (statutory holidays,
make-up working days) and the weekly working periods. Everyone signed in reads them; the
administrator of the calendar (``core.manage_calendar``) adds and deletes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ..apibase import ERRORS, ActorMixin, valid_input
from ..models import CalendarDay, Weekday, WorkingPeriod
from ..params import whole_number
from ..services import calendar


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name", "follows"]
        read_only_fields = fields


class CalendarDayInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=CalendarDay.Kind.choices)
    name = serializers.CharField(max_length=60)
    follows = serializers.ChoiceField(
        choices=Weekday.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="For a make-up working day: the weekday (0 Monday … 6 Sunday) whose working "
        "periods it works",
    )


@extend_schema_field(
    {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "09:00"}
)
class ClockTime(serializers.TimeField):
    """A local time of day written ``HH:MM``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)


class WorkingPeriodSerializer(serializers.ModelSerializer[WorkingPeriod]):
    start = ClockTime(read_only=True)
    end = ClockTime(read_only=True)

    class Meta:
        model = WorkingPeriod
        fields = ["id", "weekday", "start", "end"]
        read_only_fields = fields


class WorkingPeriodInput(serializers.Serializer[Any]):
    weekday = serializers.ChoiceField(choices=Weekday.choices)
    start = ClockTime()
    end = ClockTime()


class WriteByAdministrator(ActorMixin):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.require(calendar.ADMINISTRATOR)


@extend_schema(parameters=[OpenApiParameter("year", int, description="Only the days of this year")])
class CalendarDayViewSet(
    WriteByAdministrator,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[CalendarDay],
):
    """The days that differ from their weekday: statutory holidays (no working time) and
    make-up working days (调休, working the periods of the weekday they follow); one per date."""

    serializer_class = CalendarDaySerializer
    pagination_class = None

    def visible(self) -> QuerySet[CalendarDay]:
        days = CalendarDay.objects.order_by("date")
        year = whole_number(self.request.query_params.get("year"), maximum=9999)
        return days.filter(date__year=year) if year else days

    @extend_schema(request=CalendarDayInput, responses={201: CalendarDaySerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        day = calendar.add_day(actor=self.actor, **valid_input(CalendarDayInput, request))
        return Response(CalendarDaySerializer(day).data, status=201)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        calendar.delete_day(actor=self.actor, day=self.get_object())
        return Response(status=204)


class WorkingPeriodViewSet(
    WriteByAdministrator,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[WorkingPeriod],
):
    """The working periods of each weekday (local time); a weekday without periods is a rest
    day and the gap between two periods of a day (lunch) is not working time."""

    serializer_class = WorkingPeriodSerializer
    pagination_class = None

    def visible(self) -> QuerySet[WorkingPeriod]:
        return WorkingPeriod.objects.order_by("weekday", "start", "id")

    @extend_schema(request=WorkingPeriodInput, responses={201: WorkingPeriodSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        period = calendar.add_period(actor=self.actor, **valid_input(WorkingPeriodInput, request))
        return Response(WorkingPeriodSerializer(period).data, status=201)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        calendar.delete_period(actor=self.actor, period=self.get_object())
        return Response(status=204)
