"""Material issues (领料 / 其他出库, INV-6): drafted with a reason, submitted to the approval chain
of the regulation, posted out of stock when approved; cancelling a posted issue posts the
reversal. The value at standard cost only for those who may see prices (ORG-4)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, valid_input
from yunying.core.models import Employee
from yunying.masterdata.api import PricesMixin
from yunying.masterdata.models import Item, Location

from .. import selectors
from ..models import MaterialIssue, MaterialIssueLine
from ..services import issues
from .common import VIEW, decimal_field, priced, require_any


class MaterialIssueLineSerializer(serializers.ModelSerializer[MaterialIssueLine]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    location_code = serializers.SerializerMethodField()

    class Meta:
        model = MaterialIssueLine
        fields = ["id", "item", "item_code", "location", "location_code", "quantity"]
        read_only_fields = fields

    def get_location_code(self, line: MaterialIssueLine) -> str:
        return str(line.location)


class MaterialIssueSerializer(serializers.ModelSerializer[MaterialIssue]):
    created_by_name = serializers.CharField(source="created_by.name", read_only=True)
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    amount = serializers.SerializerMethodField()
    lines = MaterialIssueLineSerializer(many=True, read_only=True)

    class Meta:
        model = MaterialIssue
        fields = ["id", "number", "state", "purpose", "reason", "department", "requester"]
        fields += ["requester_name", "amount", "posting_date", "posted_at", "created_by"]
        fields += ["created_by_name", "created_at", "lines"]
        read_only_fields = fields

    def get_amount(self, issue: MaterialIssue) -> str | None:
        """Σ quantity × standard cost, for those who may see prices."""
        return priced(self.context, issue.amount)


class MaterialIssueLineInput(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    quantity = decimal_field()


class MaterialIssueInput(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(
        choices=MaterialIssue.Purpose.choices, default=MaterialIssue.Purpose.PRODUCTION
    )
    reason = serializers.CharField(max_length=300)
    lines = MaterialIssueLineInput(many=True)


class MaterialIssueCreateInput(MaterialIssueInput):
    requester = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), required=False, allow_null=True
    )
    submit = serializers.BooleanField(
        default=False, help_text="Submit for approval at once (INV-6)."
    )


def _lines(data: dict[str, Any]) -> list[issues.IssueLine]:
    return [issues.IssueLine(**line) for line in data["lines"]]


@extend_schema_view(
    list=extend_schema(responses={200: MaterialIssueSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: MaterialIssueSerializer, **ERRORS}),
)
class MaterialIssueViewSet(
    PricesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[MaterialIssue],
):
    """Material issues not tied to a sale (INV-6): production use, samples, scrap."""

    serializer_class = MaterialIssueSerializer

    def visible(self) -> QuerySet[MaterialIssue]:
        require_any(self, VIEW, issues.ISSUE)
        return (
            selectors.issues_visible_to(self.actor)
            .prefetch_related("lines__item", "lines__location__warehouse")
            .order_by("-created_at", "-id")
        )

    def answer(self, issue: MaterialIssue, status: int) -> Response:
        issue = self.visible().get(pk=issue.pk)
        return Response(
            MaterialIssueSerializer(issue, context=self.get_serializer_context()).data,
            status=status,
        )

    @extend_schema(
        request=MaterialIssueCreateInput, responses={201: MaterialIssueSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = valid_input(MaterialIssueCreateInput, request)
        issue = issues.draft_issue(
            lines=_lines(data),
            reason=data["reason"],
            purpose=data["purpose"],
            requester=data.get("requester"),
            submit=data["submit"],
            actor=self.actor,
        )
        return self.answer(issue, 201)

    @extend_schema(request=MaterialIssueInput, responses={200: MaterialIssueSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Change a draft or returned issue: purpose, reason and lines."""
        data = valid_input(MaterialIssueInput, request)
        issue = issues.revise_issue(
            issue=self.get_object(),
            lines=_lines(data),
            reason=data["reason"],
            purpose=data["purpose"],
            actor=self.actor,
        )
        return self.answer(issue, 200)

    @extend_schema(request=None, responses={200: MaterialIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit for approval; posted when approved (INV-6)."""
        return self.perform(issues.submit_issue, answer=self.answer, issue=self.get_object())

    @extend_schema(request=None, responses={200: MaterialIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="post")
    def post_issue(self, request: Request, pk: str | None = None) -> Response:
        """Post an approved issue that the stock did not cover when it was approved."""
        return self.perform(issues.post_issue, answer=self.answer, issue=self.get_object())

    @extend_schema(request=None, responses={200: MaterialIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the issue; a posted one gets its reversal posted."""
        return self.perform(issues.cancel_issue, answer=self.answer, issue=self.get_object())
