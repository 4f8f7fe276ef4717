"""Service cases over the API: list, read, open, move along their states, return goods."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import access, lists
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.masterdata.models import Location
from yunying.masterdata.selectors import customers_visible_to
from yunying.sales.models import CustomerReturn

from ..lists import CASES, case_rows
from ..models import ComplaintCause, ServiceCase
from ..models.case import VERB_LABELS
from ..selectors import HANDLE, active_causes, cases_visible_to, holds_any
from ..services import cases, causes, changes, transitions


class ServiceCaseSerializer(serializers.ModelSerializer[ServiceCase]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.name", read_only=True, default=None)
    order_number = serializers.CharField(source="order.number", read_only=True, default=None)
    delivery_number = serializers.CharField(source="delivery.number", read_only=True, default=None)

    class Meta:
        model = ServiceCase
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "channel",
            "priority",
            "subject",
            "description",
            "customer",
            "customer_name",
            "order",
            "order_number",
            "delivery",
            "delivery_number",
            "item",
            "team",
            "assignee",
            "assignee_name",
            "cause",
            "resolution",
            "opened_at",
            "first_responded_at",
            "resolved_at",
            "closed_at",
            "response_due_at",
            "resolution_due_at",
            "response_breached_at",
            "resolution_breached_at",
        ]
        read_only_fields = fields


class ComplaintCauseSerializer(serializers.ModelSerializer[ComplaintCause]):
    class Meta:
        model = ComplaintCause
        fields = ["id", "code", "name", "active"]
        read_only_fields = fields


class CaseInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ServiceCase.Kind.values)
    channel = serializers.ChoiceField(choices=ServiceCase.Channel.values)
    priority = serializers.ChoiceField(choices=ServiceCase.Priority.choices, default="normal")
    customer = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    order = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True, default=None
    )
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class StepInput(serializers.Serializer[Any]):
    verb = serializers.ChoiceField(choices=sorted(VERB_LABELS))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    cause = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True, default=None
    )
    assignee = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Who handles a complaint when it is assigned; the next in turn by default.",
    )


class ReassignInput(serializers.Serializer[Any]):
    assignee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=200)


class PriorityInput(serializers.Serializer[Any]):
    priority = serializers.ChoiceField(choices=ServiceCase.Priority.choices)
    reason = serializers.CharField(max_length=200)


class ReturnInput(serializers.Serializer[Any]):
    line = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=Decimal("0.001"))
    location = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=200)


class CaseReturnSerializer(serializers.ModelSerializer[CustomerReturn]):
    class Meta:
        model = CustomerReturn
        fields = ["id", "number", "delivery", "problem", "state"]
        read_only_fields = fields


FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ServiceCase.Kind.values),
    OpenApiParameter("state", OpenApiTypes.STR, enum=ServiceCase.State.values),
    OpenApiParameter("priority", OpenApiTypes.STR, enum=ServiceCase.Priority.values),
    OpenApiParameter("q", OpenApiTypes.STR, description="Number, subject or customer."),
    OpenApiParameter("breached", OpenApiTypes.STR, enum=["1"], description="Past a standard."),
]


def _one(rows: QuerySet[Any], pk: int | None, field: str) -> Any:
    found = rows.filter(pk=pk).first() if pk else None
    if pk and found is None:
        raise ValidationFailed(_("%(id)s is not a valid choice.") % {"id": pk}, field=field)
    return found


class ServiceCaseViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ServiceCase],
):
    """Service cases in the caller's scope: an agent's own, a supervisor's team's (SVC-1)."""

    serializer_class = ServiceCaseSerializer

    def visible(self) -> QuerySet[ServiceCase]:
        return cases_visible_to(self.actor)

    @extend_schema(parameters=[lists.sort_parameter(CASES), *FILTERS])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not holds_any(self.actor):
            raise NotAllowed(_("You may not read service cases."))
        rows = lists.api_ordered(
            CASES, case_rows(self.actor, request.query_params), request.query_params
        )
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(ServiceCaseSerializer(page, many=True).data)

    @extend_schema(request=CaseInput, responses={201: ServiceCaseSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Open a case; it is assigned as the regulation sets (SVC-1) and its service standard
        starts (SVC-2)."""
        access.require(self.actor, HANDLE)
        data = valid_input(CaseInput, request)
        customer = _one(customers_visible_to(self.actor), data["customer"], "customer")
        order = _one(customer.orders.all(), data["order"], "order")
        case = cases.open_case(
            cases.NewCase(
                kind=data["kind"],
                channel=data["channel"],
                priority=data["priority"],
                customer=customer,
                order=order,
                subject=data["subject"],
                description=data["description"],
            ),
            actor=self.actor,
        )
        return Response(ServiceCaseSerializer(case).data, status=201)

    @extend_schema(request=StepInput, responses={200: ServiceCaseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        """Move the case: start, wait, resume, resolve, reopen, close; complaints assign,
        investigate, resolve, confirm, reopen, close (SVC-3)."""
        case = self.get_object()
        data = valid_input(StepInput, request)
        moved = transitions.act(
            case=case,
            verb=data["verb"],
            actor=self.actor,
            note=data["note"],
            resolution=data["resolution"],
            cause=_one(active_causes(), data["cause"], "cause"),
            assignee=_one(Employee.objects.filter(active=True), data["assignee"], "assignee"),
        )
        return Response(ServiceCaseSerializer(moved).data)

    @extend_schema(request=ReassignInput, responses={200: ServiceCaseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str | None = None) -> Response:
        """Give the open case to another handler of its team; a supervisor's change (SVC-1)."""
        case = self.get_object()
        data = valid_input(ReassignInput, request)
        moved = changes.reassign(
            case=case,
            assignee=_one(Employee.objects.filter(active=True), data["assignee"], "assignee"),
            reason=data["reason"],
            actor=self.actor,
        )
        return Response(ServiceCaseSerializer(moved).data)

    @extend_schema(request=PriorityInput, responses={200: ServiceCaseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def priority(self, request: Request, pk: str | None = None) -> Response:
        """Make the open case more urgent (its handlers) or less urgent (a supervisor); its due
        moments follow the new standard (SVC-2)."""
        case = self.get_object()
        data = valid_input(PriorityInput, request)
        changed = changes.change_priority(
            case=case, priority=data["priority"], reason=data["reason"], actor=self.actor
        )
        return Response(ServiceCaseSerializer(changed).data)

    @extend_schema(request=ReturnInput, responses={201: CaseReturnSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_goods(self, request: Request, pk: str | None = None) -> Response:
        """Goods of the case's delivery come back to a returns location (SALES-4)."""
        case = self.get_object()
        data = valid_input(ReturnInput, request)
        lines = case.delivery.lines.all() if case.delivery else ServiceCase.objects.none()
        line = _one(lines, data["line"], "line")
        location = _one(Location.objects.all(), data["location"], "location")
        returned = transitions.return_from_case(
            case=case,
            quantities={line: data["quantity"]},
            location=location,
            reason=data["reason"],
            actor=self.actor,
        )
        return Response(CaseReturnSerializer(returned).data, status=201)


class CauseInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)
    active = serializers.BooleanField(default=True)


class ComplaintCauseViewSet(
    ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[ComplaintCause]
):
    """The complaint causes a complaint closes with (SVC-3); supervisors keep the list."""

    serializer_class = ComplaintCauseSerializer
    pagination_class = None

    def visible(self) -> QuerySet[ComplaintCause]:
        return ComplaintCause.objects.all()

    @extend_schema(request=CauseInput, responses={200: ComplaintCauseSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Add a cause, or rename or retire the one with the code."""
        return self.perform(causes.save_cause, payload=CauseInput, answer=ComplaintCauseSerializer)
