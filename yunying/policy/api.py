"""REST resources of the regulations: regulations, versions, clauses, rules, comments,
acknowledgements (POL-1, POL-3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.models import Department

from . import catalogue, selectors, services
from .models import Clause, Comment, Regulation, RegulationVersion, Rule


class RuleSerializer(serializers.ModelSerializer[Rule]):
    clause_id = serializers.CharField(source="clause.clause_id", read_only=True)

    class Meta:
        model = Rule
        fields = ["id", "key", "clause", "clause_id", "value", "note"]
        read_only_fields = fields


class ClauseSerializer(serializers.ModelSerializer[Clause]):
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = Clause
        fields = ["id", "clause_id", "title", "text", "sort_order", "rules"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer[Comment]):
    author_name = serializers.CharField(source="author.name", read_only=True)
    clause_id = serializers.CharField(source="clause.clause_id", read_only=True, default=None)

    class Meta:
        model = Comment
        fields = ["id", "clause", "clause_id", "author_name", "text", "created_at"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer[RegulationVersion]):
    regulation_code = serializers.CharField(source="regulation.code", read_only=True)
    clauses = ClauseSerializer(many=True, read_only=True)

    class Meta:
        model = RegulationVersion
        fields = [
            "id",
            "number",
            "regulation",
            "regulation_code",
            "version_no",
            "state",
            "summary",
            "body",
            "review_due",
            "published_at",
            "superseded_at",
            "clauses",
        ]
        read_only_fields = fields


class VersionBriefSerializer(serializers.ModelSerializer[RegulationVersion]):
    class Meta:
        model = RegulationVersion
        fields = ["id", "number", "version_no", "state", "published_at", "review_due"]
        read_only_fields = fields


class RegulationSerializer(serializers.ModelSerializer[Regulation]):
    versions = VersionBriefSerializer(many=True, read_only=True)
    applies_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    owner_department_code = serializers.CharField(source="owner_department.code", read_only=True)

    class Meta:
        model = Regulation
        fields = [
            "id",
            "code",
            "title",
            "owner_department",
            "owner_department_code",
            "applies_to",
            "versions",
        ]
        read_only_fields = fields


class RegulationInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=200)
    owner_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    applies_to = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), many=True, required=False, default=list
    )


class NewVersionInput(serializers.Serializer[Any]):
    summary = serializers.CharField(allow_blank=True, required=False, default="")


class VersionInput(serializers.Serializer[Any]):
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    body = serializers.CharField(allow_blank=True, required=False, default="")
    review_due = serializers.DateField(allow_null=True, required=False, default=None)


class ClauseInput(serializers.Serializer[Any]):
    clause_id = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    sort_order = serializers.IntegerField(min_value=0, required=False, default=0)


class RuleInput(serializers.Serializer[Any]):
    clause = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all())
    key = serializers.CharField(max_length=80)
    value = serializers.JSONField()
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)


class CommentInput(serializers.Serializer[Any]):
    text = serializers.CharField()
    clause = serializers.PrimaryKeyRelatedField(
        queryset=Clause.objects.all(), allow_null=True, required=False, default=None
    )


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    employee_no = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(source="department.name")


class RegulationViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Regulation],
):
    """Regulations and their versions. Everybody reads them; drafting needs
    policy.manage_regulation."""

    serializer_class = RegulationSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Regulation]:
        return selectors.regulations().prefetch_related("applies_to")

    @extend_schema(request=RegulationInput, responses={201: VersionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(RegulationInput, request)
        version = services.create_regulation(actor=self.actor, **data)
        return Response(VersionSerializer(version).data, status=201)

    @extend_schema(request=NewVersionInput, responses={201: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str | None = None) -> Response:
        """Start the next version as a copy of the one in force."""
        data = valid_input(NewVersionInput, request)
        version = services.new_draft_version(
            regulation=self.get_object(), actor=self.actor, summary=data["summary"]
        )
        return Response(VersionSerializer(version).data, status=201)


class RegulationVersionViewSet(
    ActorMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[RegulationVersion]
):
    """One version with its clauses and rules, and its lifecycle (POL-1)."""

    serializer_class = VersionSerializer

    def visible(self) -> QuerySet[RegulationVersion]:
        return RegulationVersion.objects.select_related("regulation").prefetch_related(
            "clauses__rules"
        )

    def _out(self, version: RegulationVersion) -> Response:
        return Response(VersionSerializer(self.visible().get(pk=version.pk)).data)

    @extend_schema(request=VersionInput, responses={200: VersionSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        data = valid_input(VersionInput, request)
        return self._out(
            services.update_version(version=self.get_object(), actor=self.actor, **data)
        )

    @extend_schema(request=ClauseInput, responses={201: ClauseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def clauses(self, request: Request, pk: str | None = None) -> Response:
        data = valid_input(ClauseInput, request)
        clause = services.save_clause(version=self.get_object(), actor=self.actor, **data)
        return Response(ClauseSerializer(clause).data, status=201)

    @extend_schema(request=RuleInput, responses={201: RuleSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def rules(self, request: Request, pk: str | None = None) -> Response:
        """Add or replace a rule; its value is validated against the rule's schema (POL-3)."""
        data = valid_input(RuleInput, request)
        rule = services.save_rule(version=self.get_object(), actor=self.actor, **data)
        return Response(RuleSerializer(rule).data, status=201)

    @extend_schema(request=None, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="open-consultation")
    def open_consultation(self, request: Request, pk: str | None = None) -> Response:
        return self._out(services.open_consultation(version=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="close-consultation")
    def close_consultation(self, request: Request, pk: str | None = None) -> Response:
        return self._out(services.close_consultation(version=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the version to approval by the chain in force."""
        return self._out(services.submit_version(version=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str | None = None) -> Response:
        return self._out(services.discard_version(version=self.get_object(), actor=self.actor))

    @extend_schema(
        methods=["get"], request=None, responses={200: CommentSerializer(many=True), **ERRORS}
    )
    @extend_schema(
        methods=["post"], request=CommentInput, responses={201: CommentSerializer, **ERRORS}
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        if request.method == "GET":
            return Response(
                CommentSerializer(
                    version.comments.select_related("author", "clause"), many=True
                ).data
            )
        data = valid_input(CommentInput, request)
        comment = services.add_comment(version=version, actor=self.actor, **data)
        return Response(CommentSerializer(comment).data, status=201)

    @extend_schema(request=None, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        services.acknowledge(version=version, actor=self.actor)
        return self._out(version)

    @extend_schema(request=None, responses={200: PersonSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def unacknowledged(self, request: Request, pk: str | None = None) -> Response:
        """Employees in scope who have not acknowledged this version."""
        self.require("policy.view_acknowledgements")
        return Response(
            PersonSerializer(selectors.unacknowledged(self.get_object()), many=True).data
        )


class ClauseViewSet(ActorMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Clause]):
    serializer_class = ClauseSerializer
    queryset = Clause.objects.prefetch_related("rules")

    @extend_schema(request=ClauseInput, responses={200: ClauseSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        clause = self.get_object()
        data = valid_input(ClauseInput, request)
        clause = services.save_clause(
            version=clause.version, actor=self.actor, clause=clause, **data
        )
        return Response(ClauseSerializer(clause).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.delete_clause(clause=self.get_object(), actor=self.actor)
        return Response(status=204)


class RuleViewSet(ActorMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Rule]):
    serializer_class = RuleSerializer
    queryset = Rule.objects.select_related("clause")

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.delete_rule(rule=self.get_object(), actor=self.actor)
        return Response(status=204)


class CatalogueEntrySerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    kind = serializers.CharField()
    clause = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.CharField()
    schema = serializers.JSONField()


class RuleCatalogueView(ActorMixin, APIView):
    """Every rule a regulation version can configure, with its JSON schema."""

    @extend_schema(responses={200: CatalogueEntrySerializer(many=True)})
    def get(self, request: Request) -> Response:
        entries = [
            {
                "key": spec.key,
                "kind": spec.kind,
                "clause": spec.clause,
                "label": str(spec.label),
                "unit": str(spec.unit),
                "schema": spec.schema,
            }
            for spec in catalogue.specs()
        ]
        return Response(CatalogueEntrySerializer(entries, many=True).data)


def register(router: DefaultRouter) -> None:
    router.register("regulations", RegulationViewSet, basename="regulation")
    router.register("regulation-versions", RegulationVersionViewSet, basename="regulation-version")
    router.register("regulation-clauses", ClauseViewSet, basename="regulation-clause")
    router.register("regulation-rules", RuleViewSet, basename="regulation-rule")


extra_urls: list[Any] = []
