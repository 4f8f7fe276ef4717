"""Attachments of a document: kept through Django's storage under MEDIA_ROOT, refused when too
large or not what their name says, served only to readers of the document under their own
name, audited, and kept once the document is closed."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.stock import item, person
from yunying.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yunying.core.models import Attachment, AuditEvent
from yunying.core.services import attachments
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import plans

pytestmark = pytest.mark.django_db

KEY = "procurement.purchaseplan"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def draft_plan() -> PurchasePlan:
    needed = timezone.localdate() + datetime.timedelta(days=30)
    return plans.draft_plan(
        kind="purchase",
        title="附件测试计划",
        needed_by=needed,
        lines=[plans.PlanLine(item("PV-M550"), Decimal(10), needed, Decimal(100))],
        actor=person("ops_supervisor"),
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_an_upload_is_stored_audited_and_served_to_readers_only(web, media) -> None:
    plan = draft_plan()
    answer = web("ops_supervisor").post(
        f"/documents/{KEY}/{plan.pk}/attachments/", {"file": upload("签字合同 v2.pdf", PDF)}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/procurement/plans/{plan.pk}/#document-shell"
    attachment = Attachment.objects.get(document_type=KEY, document_id=str(plan.pk))
    assert attachment.name == "签字合同 v2.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.file.name.startswith("attachments/")
    assert (media / attachment.file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="attachment.upload", object_id=str(plan.pk))
    assert event.object_type == KEY
    assert event.changes["attachment"] == "签字合同 v2.pdf"

    page = web("ops_supervisor").get(f"/procurement/plans/{plan.pk}/")
    assert "签字合同 v2.pdf" in page.content.decode()

    served = web("ops_supervisor").get(f"/attachments/{attachment.pk}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert served["Content-Type"] == "application/pdf"
    disposition = served["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('签字合同 v2.pdf')}" in disposition
    # Outside the plan's scope the file does not exist.
    assert web("logistics_clerk").get(f"/attachments/{attachment.pk}/").status_code == 404
    assert web("logistics_clerk").get(f"/procurement/plans/{plan.pk}/").status_code == 404
    assert web("ops_supervisor").get("/attachments/999999/").status_code == 404


def test_office_files_images_and_text_are_accepted() -> None:
    plan = draft_plan()
    for name, content in [
        ("inspection.PNG", PNG),
        ("清单.xlsx", xlsx()),
        ("说明.txt", "到货检验记录".encode()),
        ("lines.csv", "item,qty\nPV-M550,10\n".encode("gb18030")),
    ]:
        attachments.upload(
            actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, file=upload(name, content)
        )
    assert Attachment.objects.filter(document_id=str(plan.pk)).count() == 4


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("setup.exe", b"MZ\x90\x00", "not accepted"),
        ("invoice.pdf", b"MZ\x90\x00 a program", "not a PDF file"),
        ("photo.jpg", PNG, "not a JPG file"),
        ("sheet.xlsx", b"PK\x03\x04 not a workbook", "not a XLSX file"),
        ("notes.txt", b"\x00\x01\x02binary", "not a TXT file"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(web, name, content, words) -> None:
    plan = draft_plan()
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        attachments.upload(
            actor=person("ops_supervisor"),
            key=KEY,
            document_id=plan.pk,
            file=upload(name, content),
        )
    assert refused.value.field == "file"
    assert words in str(refused.value)
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_a_form_error_and_a_400_naming_the_field(web, api, settings) -> None:
    settings.YUNYING_ATTACHMENT_MAX_BYTES = 1024
    plan = draft_plan()
    big = PDF + b"0" * 2048
    page = web("ops_supervisor").post(
        f"/documents/{KEY}/{plan.pk}/attachments/", {"file": upload("big.pdf", big)}
    )
    assert page.status_code == 400
    assert "文件超过 1.0" in page.content.decode()  # the reader's language: zh-hans
    answer = api("ops_supervisor").post(
        f"/api/v1/documents/{KEY}/{plan.pk}/attachments/",
        {"file": upload("big.pdf", big)},
        format="multipart",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "file"
    assert not Attachment.objects.exists()


def test_the_uploader_or_an_editor_deletes_until_the_document_is_closed(media) -> None:
    plan = draft_plan()
    mine = attachments.upload(
        actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, file=upload("a.pdf", PDF)
    )
    # The ops manager may open the plan (scope) but neither uploaded it nor edits plans.
    theirs = attachments.upload(
        actor=person("ops_manager"), key=KEY, document_id=plan.pk, file=upload("b.pdf", PDF)
    )
    with pytest.raises(NotAllowed):
        attachments.delete(actor=person("ops_manager"), attachment_id=mine.pk)
    with pytest.raises(NotFound):
        attachments.delete(actor=person("logistics_clerk"), attachment_id=mine.pk)
    attachments.delete(actor=person("ops_supervisor"), attachment_id=mine.pk)
    assert not Attachment.objects.filter(pk=mine.pk).exists()
    event = AuditEvent.objects.get(action="attachment.delete")
    assert event.changes["attachment"] == "a.pdf"

    plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    with translation.override("en"), pytest.raises(Conflict) as refused:
        attachments.delete(actor=person("ops_manager"), attachment_id=theirs.pk)
    assert "its attachments are kept" in str(refused.value)
    assert Attachment.objects.filter(pk=theirs.pk).exists()


def test_a_refused_deletion_is_shown_as_a_message(web) -> None:
    plan = draft_plan()
    kept = attachments.upload(
        actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, file=upload("a.pdf", PDF)
    )
    plans.submit_plan(plan=plan, actor=person("ops_supervisor"))
    answer = web("ops_supervisor").post(f"/attachments/{kept.pk}/delete/", follow=True)
    assert answer.status_code == 200
    assert Attachment.objects.filter(pk=kept.pk).exists()
    assert any("附件" in str(m) or "attachments" in str(m) for m in answer.context["messages"])


def test_the_api_lists_uploads_and_deletes(api) -> None:
    plan = draft_plan()
    client = api("ops_supervisor")
    created = client.post(
        f"/api/v1/documents/{KEY}/{plan.pk}/attachments/",
        {"file": upload("检验照片.png", PNG)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "检验照片.png"
    assert body["size"] == len(PNG)
    assert body["url"] == f"/attachments/{body['id']}/"
    listed = client.get(f"/api/v1/documents/{KEY}/{plan.pk}/attachments/")
    assert [row["id"] for row in listed.json()] == [body["id"]]
    assert (
        api("logistics_clerk").get(f"/api/v1/documents/{KEY}/{plan.pk}/attachments/").status_code
        == 404
    )
    assert client.get(f"/api/v1/documents/no.such/{plan.pk}/attachments/").status_code == 404
    assert api("ops_manager").delete(f"/api/v1/attachments/{body['id']}/").status_code == 403
    assert client.delete(f"/api/v1/attachments/{body['id']}/").status_code == 204
    assert not Attachment.objects.exists()
