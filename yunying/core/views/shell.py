"""The document shell's pages: attachments (upload, download, delete), comments, the shell of
a document on its own page, and printing (HTML and PDF). Every document page shows the shell
through ``core/shell/panel.html``; the actions here come back to that page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from .. import documents, pdf
from .. import timeline as shell
from ..errors import NotFound
from ..services import attachments, comments
from ..web import actor, attempt, employee_view, redirect


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), allow_empty_file=True)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=comments.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Write @ and a name or username to tell someone."),
    )


def _open(request: HttpRequest, key: str, pk: int) -> tuple[documents.ShellDocument, Any]:
    try:
        return documents.open_document(actor(request), key, pk)
    except NotFound as error:
        raise Http404(str(error)) from error


def _back(kind: documents.ShellDocument, document: Any) -> str:
    return f"{kind.url(document)}#document-shell"


def _page(
    request: HttpRequest,
    kind: documents.ShellDocument,
    document: Any,
    *,
    upload: AttachmentForm | None = None,
    comment: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "kind": kind,
        "document": document,
        "upload_form": upload,
        "comment_form": comment,
        "back": kind.url(document),
    }
    return render(request, "core/shell/page.html", context, status=status)


@employee_view
@require_GET
def document_shell(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """A document's attachments, comments and timeline on a page of their own."""
    kind, document = _open(request, key, pk)
    return _page(request, kind, document)


@employee_view
@require_POST
def attachment_upload(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    kind, document = _open(request, key, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        done = attempt(
            request,
            lambda: attachments.upload(
                actor=actor(request),
                key=kind.key,
                document_id=document.pk,
                file=form.cleaned_data["file"],
            ),
            form=form,
            success=_("The file is attached."),
        )
        if done is not None:
            return redirect(request, _back(kind, document))
    return _page(request, kind, document, upload=form, status=400)


@employee_view
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file, to readers of its document only (404 for anyone else), as a download under
    the name it was uploaded with."""
    try:
        attachment = shell.attachment_for(actor(request), pk)
        stream = attachment.file.open("rb")
    except (NotFound, FileNotFoundError) as error:
        raise Http404(_("No such attachment.")) from error
    response = FileResponse(
        stream, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@employee_view
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        attachment = shell.attachment_for(actor(request), pk)
    except NotFound as error:
        raise Http404(str(error)) from error
    kind, document = _open(request, attachment.document_type, int(attachment.document_id))
    attempt(
        request,
        lambda: attachments.delete(actor=actor(request), attachment_id=pk),
        success=_("The attachment “%(name)s” is deleted.") % {"name": attachment.name},
    )
    return redirect(request, _back(kind, document))


@employee_view
@require_POST
def comment_post(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    kind, document = _open(request, key, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        posted = attempt(
            request,
            lambda: comments.post(
                actor=actor(request),
                key=kind.key,
                document_id=document.pk,
                body=form.cleaned_data["body"],
            ),
            form=form,
        )
        if posted is not None:
            _tell_author(request, posted)
            return redirect(request, _back(kind, document))
    return _page(request, kind, document, comment=form, status=400)


def _tell_author(request: HttpRequest, posted: comments.Posted) -> None:
    told = [person.name for person in posted.told]
    if told:
        messages.success(request, _("Comment added; told %(names)s.") % {"names": ", ".join(told)})
    else:
        messages.success(request, _("Comment added."))
    if posted.unreachable:
        messages.warning(
            request,
            _("%(names)s cannot open this document and was not told.")
            % {"names": ", ".join(person.name for person in posted.unreachable)},
        )
    if posted.unknown:
        messages.warning(
            request,
            _("Nobody answers to @%(names)s; nobody was told.")
            % {"names": ", @".join(posted.unknown)},
        )


def _sheet(request: HttpRequest, key: str, pk: int) -> tuple[pdf.Sheet, Any, Any]:
    kind, document = _open(request, key, pk)
    if kind.sheet is None:
        raise Http404(_("This document does not print."))
    return kind.sheet(document, actor(request)), kind, document


@employee_view
@require_GET
def document_print(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """The printable page of a document, with the company header of every printed document."""
    sheet, kind, document = _sheet(request, key, pk)
    context = {"sheet": sheet, "kind": kind, "document": document, "back": kind.url(document)}
    return render(request, "core/shell/print.html", context)


@employee_view
@require_GET
def document_pdf(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """The document as a PDF, its Chinese text in an embedded font."""
    sheet, kind, document = _sheet(request, key, pk)
    try:
        content = pdf.render(sheet)
    except pdf.FontMissing:
        messages.error(request, _("The PDF font is not installed; print the page instead."))
        return redirect(request, "core:document_print", key=kind.key, pk=document.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, sheet.filename) or ""
    return response
