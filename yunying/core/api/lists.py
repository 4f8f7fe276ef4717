"""The filters people save on list pages (``saved-filters/``) and the search of the search box
(``search/``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import search
from ..apibase import ActorMixin, valid_input
from ..models import SavedFilter
from ..params import as_id
from ..services import saved_filters


class SavedFilterSerializer(serializers.ModelSerializer[SavedFilter]):
    list = serializers.CharField(source="list_name")

    class Meta:
        model = SavedFilter
        fields = ("id", "list", "name", "query", "created_at")


class SavedFilterInput(serializers.Serializer[Any]):
    list = serializers.CharField(max_length=100, help_text="The list, e.g. sales.receivables")
    name = serializers.CharField(max_length=60)
    query = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="state=open&…"
    )


LIST_PARAMETER = OpenApiParameter(
    "list", str, description="Only the filters of this list (sales.receivables…)"
)


class SavedFilterListView(ActorMixin, APIView):
    """The caller's own saved filters; saving one (409 when the name is taken on that list)."""

    @extend_schema(parameters=[LIST_PARAMETER], responses={200: SavedFilterSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = saved_filters.saved_filters(self.actor, str(request.query_params.get("list", "")))
        return Response(SavedFilterSerializer(rows, many=True).data)

    @extend_schema(request=SavedFilterInput, responses={201: SavedFilterSerializer})
    def post(self, request: Request) -> Response:
        body = valid_input(SavedFilterInput, request)
        saved = saved_filters.save_filter(
            actor=self.actor, list_name=body["list"], name=body["name"], query=body["query"]
        )
        return Response(SavedFilterSerializer(saved).data, status=201)


class SavedFilterDetailView(ActorMixin, APIView):
    @extend_schema(responses={204: OpenApiResponse(description="Deleted")})
    def delete(self, request: Request, pk: str) -> Response:
        saved_filters.delete_filter(actor=self.actor, pk=as_id(pk) or 0)
        return Response(status=204)


class HitSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(help_text="The number or code")  # type: ignore[assignment]
    detail = serializers.CharField()
    url = serializers.CharField()


class GroupSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    hits = HitSerializer(many=True)
    more = serializers.BooleanField()


class SearchSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(allow_blank=True)
    hint = serializers.CharField(allow_blank=True)
    groups = GroupSerializer(many=True)


class SearchView(ActorMixin, APIView):
    """Documents by number, items, customers, suppliers and employees the caller may open,
    grouped, at most 8 a group; a query shorter than 2 characters answers a hint."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="At least 2 characters")],
        responses={200: SearchSerializer},
    )
    def get(self, request: Request) -> Response:
        query = search.cleaned(request.query_params.get("q"))
        if len(query) < search.MIN_LENGTH:
            hint = _("Type at least %(n)s characters: a number, a code or a name.") % {
                "n": search.MIN_LENGTH
            }
            return Response(SearchSerializer({"q": query, "hint": hint, "groups": []}).data)
        groups = search.search(self.actor, query)
        return Response(SearchSerializer({"q": query, "hint": "", "groups": groups}).data)
