"""The document shell in the browser: a returned plan puts a task in the supervisor's 我的待办;
on the plan's page the supervisor attaches a file and comments mentioning the ops manager, who
then finds the mention in their own 我的待办 and reads it on the plan's page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yunying.approvals import selectors as approval_selectors
from yunying.approvals import services as approvals
from yunying.core.models import Attachment, Employee, Task
from yunying.masterdata.models import Item
from yunying.procurement.services import plans

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attach_comment_and_mention_on_a_returned_plan(
    login: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    supervisor_record = Employee.objects.get(user__username="ops_supervisor")
    manager_record = Employee.objects.get(user__username="ops_manager")
    needed = timezone.localdate() + datetime.timedelta(days=30)
    plan = plans.draft_plan(
        kind="purchase",
        title="组件补货（附件）",
        needed_by=needed,
        lines=[
            plans.PlanLine(Item.objects.get(code="INV-S50"), Decimal(10), needed, Decimal(9000))
        ],
        actor=supervisor_record,
    )
    plans.submit_plan(plan=plan, actor=supervisor_record)
    request = approval_selectors.latest_request(plans.as_document(plan))
    approvals.return_for_changes(request=request, actor=manager_record, comment="请附上报价单")

    # The returned plan waits in the supervisor's 我的待办 as a task.
    assert Task.objects.filter(
        assignee=supervisor_record,
        source_type="procurement.purchaseplan",
        source_id=str(plan.pk),
        state="open",
    ).exists()
    supervisor = login("ops_supervisor")
    supervisor.locator(f"a[href^='/procurement/plans/{plan.pk}/']").first.click()
    supervisor.wait_for_url(f"**/procurement/plans/{plan.pk}/**")

    # The supervisor attaches the quotation on the plan's page.
    supervisor.set_input_files(
        "#shell-file", files=[{"name": "报价单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    supervisor.click("form.shell-upload button[type=submit]")
    supervisor.wait_for_selector(".shell-files a:has-text('报价单.pdf')")
    assert Attachment.objects.get(document_id=str(plan.pk)).name == "报价单.pdf"

    # … and comments, mentioning the ops manager by name.
    supervisor.fill("form.shell-comment textarea[name=body]", "@陈晓峰 报价单已附上，请再看")
    supervisor.click("form.shell-comment button.primary")
    supervisor.wait_for_selector(".shell-comments li:has-text('报价单已附上')")
    assert "陈晓峰" in supervisor.locator("ul.messages").inner_text()

    # The ops manager finds the mention in 我的待办 and opens the plan from it.
    manager = login("ops_manager")
    mention = manager.locator(f"a[href='/procurement/plans/{plan.pk}/#document-shell']").first
    assert "刘思远" in mention.inner_text()
    mention.click()
    manager.wait_for_url(f"**/procurement/plans/{plan.pk}/**")
    assert "报价单已附上" in manager.locator("#document-shell").inner_text()
    assert "报价单.pdf" in manager.locator(".shell-files").inner_text()
