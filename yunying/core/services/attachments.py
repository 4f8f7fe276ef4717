"""A document's attachments: signed contracts, inspection photos, delivery receipts.

Whoever may open a document may attach a file to it. A file is refused when it is larger than
``YUNYING_ATTACHMENT_MAX_BYTES`` (20 MB) or when its name's extension is not on the list below
or its first bytes are not those of that kind of file (a renamed program is not a PDF). The
file is kept through Django's storage under ``MEDIA_ROOT`` with a generated name; the name it
was uploaded with is kept for downloading. The uploader, or someone who may edit the document,
deletes an attachment, unless the document is closed (posted, signed, approved): then its
attachments are kept as evidence. Uploads and deletions are audited on the document.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
import zipfile
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .. import documents
from ..errors import Conflict, NotAllowed, NotFound, ValidationFailed
from ..models import Attachment, Employee
from ..params import as_id
from ..tx import transactional
from . import audit

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Extension → (content type, accepted first bytes; None: text).
KINDS: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
    ),
    "doc": ("application/msword", (OLE,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
    "ppt": ("application/vnd.ms-powerpoint", (OLE,)),
    "zip": ("application/zip", (ZIP, b"PK\x05\x06")),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}
OFFICE = {"docx", "xlsx", "pptx"}
FIELD = "file"


def max_bytes() -> int:
    return int(getattr(settings, "YUNYING_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def allowed_extensions() -> list[str]:
    return sorted(KINDS)


def clean_name(name: str) -> str:
    """The uploaded name without folders or control characters, at most 255 characters."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = stem[: 254 - len(ext)] + dot + ext if dot and len(ext) < 20 else base[:255]
    return base or "file"


def choose_a_file() -> str:
    return _("Choose a file.")


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, field=FIELD)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start > len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


def _is_office(stream: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check(upload: UploadedFile) -> tuple[str, str]:
    """The cleaned name and content type of an acceptable upload; ``ValidationFailed`` naming
    the field ``file`` otherwise."""
    if upload is None:
        raise _refuse(choose_a_file())
    name = clean_name(upload.name or "")
    size = upload.size or 0
    if size > max_bytes():
        raise _refuse(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes())}
        )
    if size == 0:
        raise _refuse(_("The file is empty."))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in KINDS:
        raise _refuse(
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(allowed_extensions())}
        )
    content_type, signatures = KINDS[extension]
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if signatures is None:
        fits = _looks_like_text(head)
    else:
        fits = head.startswith(signatures)
        if fits and extension == "webp":
            fits = head[8:12] == b"WEBP"
        if fits and extension in OFFICE:
            fits = _is_office(upload.file or io.BytesIO(head))
            upload.seek(0)
    if not fits:
        raise _refuse(
            _("The content of the file is not a %(type)s file.") % {"type": extension.upper()}
        )
    return name, content_type


def _digest(upload: UploadedFile) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transactional
def upload(*, actor: Employee, key: str, document_id: object, file: UploadedFile) -> Attachment:
    """Attach ``file`` to the document, if the actor may open it."""
    _kind, document = documents.open_document(actor, key, document_id)
    name, content_type = check(file)
    attachment = Attachment(
        document_type=key,
        document_id=str(document.pk),
        name=name,
        size=file.size or 0,
        content_type=content_type,
        sha256=_digest(file),
        uploaded_by=actor,
    )
    extension = name.rpartition(".")[2].lower()
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", file, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
        audit.record(
            actor=actor,
            action="attachment.upload",
            obj=document,
            changes={"attachment": name, "size": attachment.size, "sha256": attachment.sha256},
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transactional
def delete(*, actor: Employee, attachment_id: object) -> None:
    """Delete an attachment: by its uploader or by someone who may edit the document, while the
    document is not closed. The stored file goes when the unit commits."""
    pk = as_id(attachment_id)
    if pk is None:
        raise NotFound(_("No such attachment."))
    attachment = Attachment.objects.select_for_update(no_key=True).filter(pk=pk).first()
    if attachment is None:
        raise NotFound(_("No such attachment."))
    kind, document = documents.open_document(
        actor, attachment.document_type, attachment.document_id
    )
    if kind.closed(document):
        raise Conflict(
            _("%(document)s is closed: its attachments are kept.") % {"document": document},
            field=FIELD,
        )
    if attachment.uploaded_by_id != actor.pk and not kind.may_edit(actor, document):
        raise NotAllowed(
            _("Only the uploader or someone who may edit the document deletes an attachment.")
        )
    stored, storage = attachment.file.name, attachment.file.storage
    audit.record(
        actor=actor,
        action="attachment.delete",
        obj=document,
        changes={"attachment": attachment.name, "size": attachment.size},
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
