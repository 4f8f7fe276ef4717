"""REST resources of the document shell: a document's attachments (``documents/<type>/<id>/
attachments/``, uploaded as multipart), its comments with ``@`` mentions and its timeline. The
document type is ``app_label.model_name`` (``procurement.purchasecontract``); a document the
caller may not open is not found."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from .. import documents
from .. import timeline as shell
from ..apibase import ActorMixin, valid_input
from ..errors import ValidationFailed
from ..models import Attachment, Comment
from ..services import attachments, comments


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    uploaded_by_name = serializers.CharField(source="uploaded_by.name", read_only=True)
    url = serializers.SerializerMethodField(help_text="Where the file is downloaded")

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, attachment: Attachment) -> str:
        return reverse("core:attachment_download", args=[attachment.pk])


class AttachmentUpload(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="At most YUNYING_ATTACHMENT_MAX_BYTES (20 MB): pdf, images, office files, "
        "txt/csv or zip, their content matching their extension"
    )


class MentionedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DocumentCommentSerializer(serializers.ModelSerializer[Comment]):
    author_name = serializers.CharField(source="author.name", read_only=True)
    mentioned = MentionedSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "author_name", "body", "mentioned", "created_at"]
        read_only_fields = fields


class DocumentCommentInput(serializers.Serializer[Any]):
    body = serializers.CharField(
        max_length=comments.MAX_LENGTH,
        help_text="@ followed by a username or a full name mentions that employee",
    )


class PostedCommentSerializer(serializers.Serializer[Any]):
    comment = DocumentCommentSerializer()
    told = MentionedSerializer(many=True, help_text="Mentioned and notified")
    unreachable = MentionedSerializer(
        many=True, help_text="Mentioned but unable to open the document: not notified"
    )
    unknown = serializers.ListField(
        child=serializers.CharField(), help_text="Words after @ that name nobody"
    )


class TimelineEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["state", "approval", "comment", "attachment", "event"])
    actor = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    detail = serializers.CharField(allow_blank=True)


class AttachmentListView(ActorMixin):
    """The document's attachments, oldest first; uploading one (multipart, field ``file``)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="document_attachments_list", responses={200: AttachmentSerializer(many=True)}
    )
    def get(self, request: Request, key: str, pk: int) -> Response:
        kind, document = documents.open_document(self.actor, key, pk)
        rows = shell.attachments_of(kind.key, document)
        return Response(AttachmentSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="document_attachments_upload",
        request={"multipart/form-data": AttachmentUpload},
        responses={201: AttachmentSerializer},
    )
    def post(self, request: Request, key: str, pk: int) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(attachments.choose_a_file(), field="file")
        attachment = attachments.upload(actor=self.actor, key=key, document_id=pk, file=upload)
        return Response(AttachmentSerializer(attachment).data, status=201)


class AttachmentDetailView(ActorMixin):
    @extend_schema(
        operation_id="attachments_delete",
        responses={204: OpenApiResponse(description="Deleted")},
    )
    def delete(self, request: Request, pk: int) -> Response:
        attachments.delete(actor=self.actor, attachment_id=pk)
        return Response(status=204)


class CommentListView(ActorMixin):
    """The document's comment thread, oldest first; commenting (mentions notify those who may
    open the document and give them a task)."""

    @extend_schema(
        operation_id="document_comments_list", responses={200: DocumentCommentSerializer(many=True)}
    )
    def get(self, request: Request, key: str, pk: int) -> Response:
        kind, document = documents.open_document(self.actor, key, pk)
        return Response(
            DocumentCommentSerializer(shell.comments_of(kind.key, document), many=True).data
        )

    @extend_schema(
        operation_id="document_comments_create",
        request=DocumentCommentInput,
        responses={201: PostedCommentSerializer},
    )
    def post(self, request: Request, key: str, pk: int) -> Response:
        body = valid_input(DocumentCommentInput, request)
        posted = comments.post(actor=self.actor, key=key, document_id=pk, body=body["body"])
        answer = {
            "comment": posted.comment,
            "told": posted.told,
            "unreachable": posted.unreachable,
            "unknown": posted.unknown,
        }
        return Response(PostedCommentSerializer(answer).data, status=201)


class TimelineView(ActorMixin):
    """The document's timeline, oldest first, in the caller's language: state changes,
    approval steps, comments, attachments and other audited events."""

    @extend_schema(
        operation_id="document_timeline", responses={200: TimelineEntrySerializer(many=True)}
    )
    def get(self, request: Request, key: str, pk: int) -> Response:
        kind, document = documents.open_document(self.actor, key, pk)
        return Response(TimelineEntrySerializer(shell.timeline(kind.key, document), many=True).data)
