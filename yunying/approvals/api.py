"""REST resources of the approvals engine: requests with their chain and history, decisions,
delegations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yunying.core.apibase import ERRORS, ActorMixin, CommentSerializer, valid_input
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee

from . import selectors, services
from .models import ApprovalAction, ApprovalAssignment, ApprovalRequest, ApprovalStep, Delegation


class AssignmentSerializer(serializers.ModelSerializer[ApprovalAssignment]):
    approver_name = serializers.CharField(source="approver.name", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.name", read_only=True, default=None)

    class Meta:
        model = ApprovalAssignment
        fields = [
            "approver",
            "approver_name",
            "decision",
            "decided_by_name",
            "comment",
            "decided_at",
        ]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer[ApprovalStep]):
    assignments = AssignmentSerializer(many=True, read_only=True)
    waited_hours = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ApprovalStep
        fields = [
            "index",
            "name",
            "mode",
            "condition",
            "state",
            "activated_at",
            "decided_at",
            "waited_hours",
            "assignments",
        ]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer[ApprovalAction]):
    actor_name = serializers.CharField(source="actor.name", read_only=True)
    on_behalf_of_name = serializers.CharField(
        source="on_behalf_of.name", read_only=True, default=None
    )
    step_name = serializers.CharField(source="step.name", read_only=True, default=None)
    regulation_version: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        read_only=True
    )

    class Meta:
        model = ApprovalAction
        fields = [
            "kind",
            "step_name",
            "actor_name",
            "on_behalf_of_name",
            "comment",
            "at",
            "regulation_version",
            "clause",
        ]
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer[ApprovalRequest]):
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    regulation_version: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        read_only=True
    )

    class Meta:
        model = ApprovalRequest
        fields = [
            "id",
            "doc_type",
            "object_id",
            "document_number",
            "title",
            "state",
            "requester",
            "requester_name",
            "department",
            "department_name",
            "amount",
            "regulation_version",
            "clause",
            "current_step",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = fields


class RequestDetailSerializer(RequestSerializer):
    steps = StepSerializer(many=True, read_only=True)
    history = ActionSerializer(source="actions", many=True, read_only=True)

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "steps", "history"]
        read_only_fields = fields


MINE = OpenApiParameter(
    "mine",
    OpenApiTypes.STR,
    enum=["pending", "submitted", "decided"],
    description="pending: waiting for my decision (own or delegated); submitted: requested by "
    "me; decided: decided by me. Without it: every request I may see.",
)


class ApprovalViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ApprovalRequest],
):
    """Approval requests. A request outside what the caller may see answers 404."""

    serializer_class = RequestSerializer

    def visible(self) -> QuerySet[ApprovalRequest]:
        actor = self.actor
        requests = selectors.visible_requests(actor)
        mine = self.request.query_params.get("mine")
        if mine == "pending":
            ids = selectors.pending_for(actor).values("step__request_id")
            requests = requests.filter(pk__in=ids)
        elif mine == "submitted":
            requests = requests.filter(requester=actor)
        elif mine == "decided":
            requests = (
                requests.filter(actions__actor=actor)
                .exclude(actions__kind=ApprovalAction.Kind.SUBMITTED, requester=actor)
                .distinct()
            )
        elif mine:
            raise ValidationFailed(
                "mine: expected one of pending, submitted, decided.", field="mine"
            )
        return requests.order_by("-submitted_at", "-id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return RequestDetailSerializer if self.action == "retrieve" else RequestSerializer

    @extend_schema(parameters=[MINE])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _decided(self, request_obj: ApprovalRequest) -> Response:
        fresh = (
            self.visible().prefetch_related("steps__assignments", "actions").get(pk=request_obj.pk)
        )
        return Response(RequestDetailSerializer(fresh).data)

    @extend_schema(request=CommentSerializer, responses={200: RequestDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        comment = valid_input(CommentSerializer, request)["comment"]
        return self._decided(
            services.approve(request=self.get_object(), actor=self.actor, comment=comment)
        )

    @extend_schema(request=CommentSerializer, responses={200: RequestDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject with a reason (``comment`` is required); the document goes back to its author."""
        comment = valid_input(CommentSerializer, request)["comment"]
        return self._decided(
            services.reject(request=self.get_object(), actor=self.actor, comment=comment)
        )

    @extend_schema(request=CommentSerializer, responses={200: RequestDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Return for changes with a reason (``comment`` is required)."""
        comment = valid_input(CommentSerializer, request)["comment"]
        return self._decided(
            services.return_for_changes(
                request=self.get_object(), actor=self.actor, comment=comment
            )
        )

    @extend_schema(request=None, responses={200: RequestDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._decided(services.withdraw(request=self.get_object(), actor=self.actor))


class DelegationSerializer(serializers.ModelSerializer[Delegation]):
    delegator_name = serializers.CharField(source="delegator.name", read_only=True)
    delegate_name = serializers.CharField(source="delegate.name", read_only=True)

    class Meta:
        model = Delegation
        fields = [
            "id",
            "delegator",
            "delegator_name",
            "delegate",
            "delegate_name",
            "starts_at",
            "ends_at",
            "reason",
            "revoked_at",
        ]
        read_only_fields = fields


class DelegationInput(serializers.Serializer[Any]):
    delegate = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.filter(active=True))
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)


class DelegationViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Delegation],
):
    """Delegations given or received by the caller."""

    serializer_class = DelegationSerializer

    def visible(self) -> QuerySet[Delegation]:
        return selectors.delegations_of(self.actor)

    @extend_schema(request=DelegationInput, responses={201: DelegationSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(DelegationInput, request)
        delegation = services.delegate(
            delegator=self.actor,
            delegate_to=data["delegate"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            reason=data["reason"],
            actor=self.actor,
        )
        return Response(DelegationSerializer(delegation).data, status=201)

    @extend_schema(request=None, responses={200: DelegationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        delegation = services.revoke_delegation(delegation=self.get_object(), actor=self.actor)
        return Response(DelegationSerializer(delegation).data)


def register(router: DefaultRouter) -> None:
    router.register("approvals", ApprovalViewSet, basename="approval")
    router.register("delegations", DelegationViewSet, basename="delegation")


extra_urls: list[Any] = []
