"""Excel imports through the API: the same kinds, permissions and rule as the import page. An
upload (multipart, field ``file``) is all or nothing: any wrong row and nothing is written, and
the answer is a 400 listing every problem with its row (as Excel numbers it) and column."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import access
from yunying.core.apibase import ERRORS, ActorMixin, ErrorSerializer
from yunying.core.errors import ValidationFailed
from yunying.core.excel import XLSX, xlsx_response
from yunying.core.models import Employee

from ..services import imports

KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The kind of import: items, suppliers, customers, opening (opening stock).",
)


class ImportUpload(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The filled-in template, an Excel workbook (.xlsx).")


class ImportResultSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField(help_text="Rows that matched a record as it is.")
    number = serializers.CharField(help_text="The document posted, for an import that posts one.")
    message = serializers.CharField()


class RowErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True, help_text="As Excel numbers it; 1: header.")
    column = serializers.CharField(help_text="The column's header; empty: the whole row.")
    message = serializers.CharField()


class ImportErrorSerializer(ErrorSerializer):
    """The error answer, whose ``errors`` list the problems of the rows."""

    errors = RowErrorSerializer(  # type: ignore[assignment]
        many=True, required=False, help_text="Every problem found, in the order of the rows"
    )


def _kind(actor: Employee, name: str) -> imports.ImportKind:
    """The kind of import, if the actor may run it: 404 for an unknown kind, 403 without the
    permission."""
    if not imports.is_kind(name):
        raise Http404(name)
    kind = imports.kind_for(name)
    access.require(actor, kind.sheet.permission)
    return kind


class ImportView(ActorMixin):
    """Run an import: each row creates a record or updates the one with the same code."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="imports_run",
        parameters=[KIND],
        request={"multipart/form-data": ImportUpload},
        responses={
            200: ImportResultSerializer,
            **ERRORS,
            400: OpenApiResponse(
                ImportErrorSerializer,
                description="A wrong file, or the rows' problems; nothing was imported",
            ),
        },
    )
    def post(self, request: Request, kind: str) -> Response:
        import_kind = _kind(self.actor, kind)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(
                _("Upload an Excel workbook (.xlsx); save .xls or .csv files as .xlsx first."),
                field="file",
            )
        result = imports.run_import(kind, upload, actor=self.actor)
        if not result.ok:
            return Response(_refusal(result), status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "kind": kind,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "number": result.number,
                "message": import_kind.message(result),
            }
        )


def _refusal(result: imports.ImportResult) -> dict[str, Any]:
    errors = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
    return {
        "detail": str(result.errors[0]),
        "code": "invalid",
        "clause": None,
        "errors": errors,
    }


class ImportTemplateView(ActorMixin):
    """The workbook to fill in for an import, with the columns the caller may fill in."""

    @extend_schema(
        operation_id="imports_template",
        parameters=[KIND],
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The template"),
            **ERRORS,
        },
    )
    def get(self, request: Request, kind: str) -> HttpResponse:
        _kind(self.actor, kind)
        return xlsx_response(f"{kind}-template.xlsx", imports.template(kind, actor=self.actor))
