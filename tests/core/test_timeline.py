"""One timeline per document: its audited state changes and events, the approval steps (from
the approvals app), comments and attachments, in time order, in the reader's language, for a
fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.stock import approve_every_step, item, person
from yunying.approvals.models import ApprovalAction
from yunying.core import timeline
from yunying.core.services import attachments, comments
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import plans

pytestmark = pytest.mark.django_db

KEY = "procurement.purchaseplan"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def submitted_plan() -> PurchasePlan:
    needed = timezone.localdate() + datetime.timedelta(days=30)
    plan = plans.draft_plan(
        kind="purchase",
        title="时间线测试计划",
        needed_by=needed,
        lines=[plans.PlanLine(item("PV-M550"), Decimal(10), needed, Decimal(100))],
        actor=person("ops_supervisor"),
    )
    attachments.upload(
        actor=person("ops_supervisor"),
        key=KEY,
        document_id=plan.pk,
        file=SimpleUploadedFile("报价单.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    comments.post(
        actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, body="请 @陈晓峰 审批"
    )
    return plans.submit_plan(plan=plan, actor=person("ops_supervisor"))


def test_the_timeline_merges_every_source_in_time_order() -> None:
    plan = submitted_plan()
    approve_every_step(plans.as_document(plan))
    plan.refresh_from_db()
    with translation.override("en"):
        entries = timeline.timeline(KEY, plan)
    kinds = [entry.kind for entry in entries]
    assert {"attachment", "comment", "approval"} <= set(kinds)
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)
    attached = next(e for e in entries if e.kind == "attachment")
    assert attached.text == "Attached 报价单.pdf"
    assert attached.actor == "刘思远"
    said = next(e for e in entries if e.kind == "comment")
    assert said.text == "请 @陈晓峰 审批"
    assert said.detail == "Mentioned: 陈晓峰"
    approvals = [e for e in entries if e.kind == "approval"]
    assert approvals[0].text == "Approval: submitted"
    assert any(e.text == "Approval: approved" and e.actor == "陈晓峰" for e in approvals)
    # The comment is in the thread once, not again as an audit event.
    assert kinds.count("comment") == 1
    with translation.override("zh-hans"):
        chinese = timeline.timeline(KEY, plan)
        submitted = str(ApprovalAction.Kind.SUBMITTED.label)
    assert [e.kind for e in chinese] == kinds
    assert submitted != "submitted"
    assert submitted in next(e for e in chinese if e.kind == "approval").text


def test_the_timeline_costs_the_same_queries_however_long_it_is() -> None:
    plan = submitted_plan()
    with CaptureQueriesContext(connection) as short:
        timeline.timeline(KEY, plan)
    for number in range(6):
        comments.post(
            actor=person("ops_supervisor"),
            key=KEY,
            document_id=plan.pk,
            body=f"第 {number} 条 @陈晓峰 @ops_manager",
        )
        attachments.upload(
            actor=person("ops_supervisor"),
            key=KEY,
            document_id=plan.pk,
            file=SimpleUploadedFile(f"{number}.txt", "记录".encode()),
        )
    approve_every_step(plans.as_document(plan))
    with CaptureQueriesContext(connection) as long:
        entries = timeline.timeline(KEY, plan)
    assert len(entries) > 15
    assert len(long.captured_queries) == len(short.captured_queries)
    # audit events, comments, their mentions, the approval history
    assert len(long.captured_queries) <= 4


def test_the_api_answers_the_timeline_to_readers_only(api) -> None:
    plan = submitted_plan()
    answer = api("ops_supervisor").get(
        f"/api/v1/documents/{KEY}/{plan.pk}/timeline/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 200
    assert {row["kind"] for row in answer.json()} >= {"attachment", "comment", "approval"}
    refused = api("logistics_clerk").get(f"/api/v1/documents/{KEY}/{plan.pk}/timeline/")
    assert refused.status_code == 404


def test_the_document_page_shows_the_shell_and_the_approver_reads_it(web) -> None:
    plan = submitted_plan()
    page = web("ops_supervisor").get(f"/procurement/plans/{plan.pk}/")
    text = page.content.decode()
    assert 'id="document-shell"' in text
    assert "报价单.pdf" in text and "请 @陈晓峰 审批" in text
    # The approver opens the shell through the approval page.
    from yunying.approvals import selectors as approval_selectors

    request = approval_selectors.latest_request(plans.as_document(plan))
    approval = web("ops_manager").get(f"/approvals/{request.pk}/")
    assert approval.status_code == 200
    assert "报价单.pdf" in approval.content.decode()
