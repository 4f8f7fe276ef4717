"""REST resource of the sales regions: the tree in pre-order (SALES-6)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core.apibase import ERRORS, ActorMixin
from yunying.core.models import Employee

from .. import selectors
from ..models import Region
from ..services import regions


class RegionSerializer(serializers.ModelSerializer[Region]):
    depth = serializers.SerializerMethodField()
    manager_name = serializers.CharField(source="manager.name", read_only=True, default=None)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "parent", "path", "depth", "manager", "manager_name"]
        read_only_fields = fields

    def get_depth(self, region: Region) -> int:
        """0 for a top region, 1 for its children, …"""
        return selectors.depth(region)


class RegionInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Region.objects.all(), allow_null=True, required=False, default=None
    )
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), allow_null=True, required=False, default=None
    )


class RegionViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Region]):
    """The sales regions as a tree in pre-order (a parent before its children, with ``parent``
    and ``depth``) (SALES-6). Creating one needs masterdata.manage_customer."""

    serializer_class = RegionSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Region]:
        return selectors.regions()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(RegionSerializer(selectors.regions_in_tree_order(), many=True).data)

    @extend_schema(request=RegionInput, responses={201: RegionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        return self.perform(
            regions.create_region, payload=RegionInput, answer=RegionSerializer, status=201
        )
