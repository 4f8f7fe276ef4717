"""A document's comments and their @mentions: whoever may open the document is notified and
gets a task in 我的待办; whoever may not is not told, and the author learns it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.stock import item, person
from yunying.core.errors import NotFound, ValidationFailed
from yunying.core.models import Comment, Notification, Task
from yunying.core.services import comments, inbox
from yunying.procurement.models import PurchasePlan
from yunying.procurement.services import plans

pytestmark = pytest.mark.django_db

KEY = "procurement.purchaseplan"


def draft_plan() -> PurchasePlan:
    needed = timezone.localdate() + datetime.timedelta(days=30)
    return plans.draft_plan(
        kind="purchase",
        title="评论测试计划",
        needed_by=needed,
        lines=[plans.PlanLine(item("PV-M550"), Decimal(10), needed, Decimal(100))],
        actor=person("ops_supervisor"),
    )


def test_words_after_at_name_employees_by_name_or_username() -> None:
    assert comments.mentioned_words("请 @陈晓峰 和 @ops_manager, 以及@罗斌。看看") == [
        "陈晓峰",
        "ops_manager",
        "罗斌",
    ]
    people, unknown = comments.resolve(["陈晓峰请看", "buyer", "nobody_here"])
    assert sorted(p.user.username for p in people) == ["buyer", "ops_manager"]
    assert unknown == ["nobody_here"]


def test_a_mention_notifies_and_opens_a_task_for_who_may_open_the_document() -> None:
    plan = draft_plan()
    posted = comments.post(
        actor=person("ops_supervisor"),
        key=KEY,
        document_id=plan.pk,
        body="@陈晓峰 请先看一下数量；@罗斌 供参考。@nobody",
    )
    assert [p.user.username for p in posted.told] == ["ops_manager"]
    assert [p.user.username for p in posted.unreachable] == ["logistics_clerk"]
    assert posted.unknown == ["nobody"]
    comment = Comment.objects.get()
    assert comment.body.startswith("@陈晓峰")
    assert [p.pk for p in comment.mentioned.all()] == [person("ops_manager").pk]

    note = Notification.objects.get(
        recipient=person("ops_manager"), source_type=KEY, source_id=str(plan.pk)
    )
    assert note.url == f"/procurement/plans/{plan.pk}/#document-shell"
    with translation.override("en"):
        assert note.shown_title == f"刘思远 mentioned you in {plan}"
    task = Task.objects.get(assignee=person("ops_manager"), kind="mention")
    assert task.state == "open"
    assert task.source_id == str(plan.pk)
    # Nothing reaches the person who cannot open the plan.
    assert not Notification.objects.filter(
        recipient=person("logistics_clerk"), source_id=str(plan.pk), source_type=KEY
    ).exists()
    assert not Task.objects.filter(assignee=person("logistics_clerk"), kind="mention").exists()

    # The mentioned person completes the task in 我的待办.
    inbox.complete_task(task=task, actor=person("ops_manager"))
    task.refresh_from_db()
    assert task.state == "done"


def test_mentioning_oneself_tells_nobody() -> None:
    plan = draft_plan()
    posted = comments.post(
        actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, body="@ops_supervisor 记录"
    )
    assert posted.told == [] and posted.unreachable == []
    assert not Task.objects.filter(kind="mention").exists()


def test_a_blank_or_long_comment_is_refused_naming_the_field() -> None:
    plan = draft_plan()
    for body in ["   ", "字" * (comments.MAX_LENGTH + 1)]:
        with pytest.raises(ValidationFailed) as refused:
            comments.post(actor=person("ops_supervisor"), key=KEY, document_id=plan.pk, body=body)
        assert refused.value.field == "body"
    with pytest.raises(NotFound):
        comments.post(actor=person("logistics_clerk"), key=KEY, document_id=plan.pk, body="看看")
    assert not Comment.objects.exists()


def test_the_page_form_tells_the_author_who_was_not_told(web) -> None:
    plan = draft_plan()
    client = web("ops_supervisor")
    answer = client.post(
        f"/documents/{KEY}/{plan.pk}/comments/",
        {"body": "@陈晓峰 @罗斌 请确认"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 200
    texts = [str(message) for message in answer.context["messages"]]
    assert any("陈晓峰" in text for text in texts)
    assert any("罗斌" in text for text in texts)
    assert "请确认" in answer.content.decode()
    empty = client.post(f"/documents/{KEY}/{plan.pk}/comments/", {"body": ""})
    assert empty.status_code == 400
    assert (
        web("logistics_clerk")
        .post(f"/documents/{KEY}/{plan.pk}/comments/", {"body": "x"})
        .status_code
        == 404
    )


def test_the_api_posts_and_lists_comments(api) -> None:
    plan = draft_plan()
    client = api("ops_supervisor")
    answer = client.post(
        f"/api/v1/documents/{KEY}/{plan.pk}/comments/",
        {"body": "@ops_manager 请审阅"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["told"] == [{"id": person("ops_manager").pk, "name": "陈晓峰"}]
    assert body["comment"]["mentioned"] == body["told"]
    listed = client.get(f"/api/v1/documents/{KEY}/{plan.pk}/comments/").json()
    assert [row["body"] for row in listed] == ["@ops_manager 请审阅"]
    refused = client.post(
        f"/api/v1/documents/{KEY}/{plan.pk}/comments/", {"body": ""}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "body"
