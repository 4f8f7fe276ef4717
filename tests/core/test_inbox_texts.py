"""The inbox in the reader's language: notifications and tasks keep every language's rendering
when they are written and show the reader's; notifications are dismissed one by one, by their
recipient only; the news about a record is read once its task is closed."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_lazy

from tests.stock import approved_plan, person
from yunying.approvals import selectors as approvals_selectors
from yunying.core.messages import Both, Message
from yunying.core.models import Notification, Task
from yunying.core.services import inbox
from yunying.procurement.services import plans

pytestmark = pytest.mark.django_db


def _in_english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _approved_in_chinese() -> Any:
    with translation.override("zh-hans"):
        return approved_plan({"PV-M550": 10})


def test_news_written_in_chinese_reads_in_english_on_the_page_and_the_api(
    web: Any, api: Any
) -> None:
    plan = _approved_in_chinese()
    news = Notification.objects.get(
        recipient=person("buyer"), source_type="procurement.purchaseplan", source_id=str(plan.pk)
    )
    assert news.title.startswith("已批准待采购的计划")  # the default language's rendering
    assert news.texts["title"]["en"] == f"Approved plan for procurement: {plan}"
    assert news.source_type == "procurement.purchaseplan"

    with translation.override("en"):
        page = _in_english(web("buyer")).get("/").content.decode()
        answer = _in_english(api("buyer")).get("/api/v1/notifications/").json()
    assert f"Approved plan for procurement: {plan}" in page
    assert "已批准待采购的计划" not in page
    titles = [row["title"] for row in answer["results"]]
    assert f"Approved plan for procurement: {plan}" in titles

    with translation.override("zh-hans"):
        page = web("proc_manager").get("/").content.decode()
    assert f"已批准待采购的计划：{plan}" in page


def test_an_approval_step_is_named_in_the_readers_language(api: Any) -> None:
    plan = _approved_in_chinese()
    request = approvals_selectors.latest_request(plans.as_document(plan))
    step = request.steps.order_by("index").first()
    news = Notification.objects.get(source_type="approvals.approvalrequest", source_id=request.pk)
    assert step.name in news.texts["body"]["zh-hans"]
    assert (step.name_en or step.name) in news.texts["body"]["en"]
    with translation.override("en"):
        answer = _in_english(api(news.recipient.user.username)).get("/api/v1/notifications/")
    bodies = [row["body"] for row in answer.json()["results"] if row["id"] == news.pk]
    assert bodies and (step.name_en or step.name) in bodies[0]
    assert "purchase plan" in bodies[0].lower()


def test_tasks_keep_every_rendering_too(api: Any) -> None:
    buyer = person("buyer")
    with translation.override("zh-hans"):
        inbox.open_task(
            assignee=buyer,
            kind="tests.texts",
            title=Message(gettext_lazy("Review due: %(regulation)s"), regulation="采购管理制度"),
            body=Both("复核", "Check it"),
            source=buyer,
        )
    with translation.override("en"):
        rows = _in_english(api("buyer")).get("/api/v1/tasks/").json()["results"]
    mine = [row for row in rows if row["kind"] == "tests.texts"]
    assert mine[0]["title"] == "Review due: 采购管理制度"
    assert mine[0]["body"] == "Check it"
    task = Task.objects.get(kind="tests.texts")
    assert task.body == "复核" and task.texts["body"]["en"] == "Check it"


def _news_for(username: str, count: int) -> list[Notification]:
    employee = person(username)
    return [inbox.notify([employee], title=f"Notice {n}", url="/")[0] for n in range(count)]


def test_dismissing_one_notification_leaves_the_others_unread(web: Any, api: Any) -> None:
    first, second, third = _news_for("buyer", 3)
    answer = web("buyer").post(f"/notifications/{first.pk}/dismiss/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and answer.content == b""
    first.refresh_from_db()
    assert first.dismissed_at is not None and first.read_at is not None
    assert Notification.objects.filter(pk__in=[second.pk, third.pk], read_at=None).count() == 2
    page = web("buyer").get("/").content.decode()
    assert f"notification-{first.pk}" not in page and f"notification-{second.pk}" in page

    answer = api("buyer").post(f"/api/v1/notifications/{second.pk}/dismiss/")
    assert answer.status_code == 200 and answer.json()["id"] == second.pk
    listed = [row["id"] for row in api("buyer").get("/api/v1/notifications/").json()["results"]]
    assert third.pk in listed and first.pk not in listed and second.pk not in listed
    third.refresh_from_db()
    assert third.read_at is None


def test_nobody_dismisses_another_persons_notification(web: Any, api: Any) -> None:
    (mine,) = _news_for("buyer", 1)
    assert web("accountant").post(f"/notifications/{mine.pk}/dismiss/").status_code == 404
    answer = api("accountant").post(f"/api/v1/notifications/{mine.pk}/dismiss/")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert api("accountant").get(f"/api/v1/notifications/{mine.pk}/").status_code == 404
    mine.refresh_from_db()
    assert mine.dismissed_at is None and mine.read_at is None


def test_a_dismissed_notification_cannot_be_dismissed_twice_by_address(web: Any) -> None:
    (mine,) = _news_for("buyer", 1)
    assert web("buyer").post(f"/notifications/{mine.pk}/dismiss/").status_code == 302
    assert web("buyer").post(f"/notifications/{mine.pk}/dismiss/").status_code == 404


def test_closing_a_task_reads_the_news_of_its_source_for_those_it_was_for() -> None:
    buyer, accountant = person("buyer"), person("accountant")
    source = person("ops_specialist")
    mine, theirs = (
        inbox.notify([buyer], title="About it", source=source)[0],
        inbox.notify([accountant], title="About it", source=source)[0],
    )
    other = inbox.notify([buyer], title="Something else", source=accountant)[0]
    inbox.open_task(assignee=buyer, kind="tests.follow", title="Follow it", source=source)
    inbox.close_tasks(kind="tests.follow", source=source)
    for row in (mine, theirs, other):
        row.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None and other.read_at is None


def test_completing_a_task_reads_its_news() -> None:
    buyer = person("buyer")
    source = person("ops_specialist")
    news = inbox.notify([buyer], title="About it", source=source)[0]
    task = inbox.open_task(assignee=buyer, kind="tests.follow", title="Follow it", source=source)
    inbox.complete_task(task=task, actor=buyer)
    news.refresh_from_db()
    assert news.read_at is not None


def _page_statements(client: Any) -> int:
    with CaptureQueriesContext(connection) as page:
        assert client.get("/").status_code == 200
    return len(page.captured_queries)


def test_the_inbox_page_costs_the_same_however_much_news_there_is(web: Any) -> None:
    buyer = person("buyer")
    _news_for("buyer", 2)
    for n in range(2):
        inbox.open_task(assignee=buyer, kind=f"tests.few{n}", title="Task", source=buyer)
    few = _page_statements(web("buyer"))
    _news_for("buyer", 25)
    for n in range(15):
        inbox.open_task(assignee=buyer, kind=f"tests.many{n}", title="Task", source=buyer)
    inbox.open_department_task(
        permission="procurement.manage_contract", kind="tests.dept", title="Task", source=buyer
    )
    assert _page_statements(web("buyer")) == few
    assert few <= 20, f"the inbox page costs {few} statements"
