"""Notifications outside the browser: group robots and e-mail, with failures recorded and tried
again later (core.services.delivery)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy

from yunying.core import robots
from yunying.core.messages import Message
from yunying.core.models import (
    ChannelKind,
    Delivery,
    DeliveryPreference,
    Department,
    DepartmentChannel,
    Employee,
    Notification,
)
from yunying.core.services import channels, delivery, inbox

PAGE = "/inventory/stock/"
TITLE = Message(gettext_lazy("My to-do"))  # 我的待办 in Chinese


class Robot:
    """A group robot on a local port: records what it receives, answers ``status``."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.status = 200
        self.answer = b'{"errcode": 0, "errmsg": "ok"}'
        self.headers: dict[str, str] = {}
        self.url = ""


@pytest.fixture
def robot() -> Iterator[Robot]:
    state = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((self.path, json.loads(body)))
            self.send_response(state.status)
            for name, value in {"Content-Type": "application/json", **state.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(state.answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=abc"
    yield state
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send"


def add_channel(people: Any, code: str, kind: str, url: str, secret: str = "") -> Any:
    return channels.create_channel(
        actor=people("admin"),
        department=Department.objects.get(code=code),
        kind=kind,
        webhook_url=url,
        secret=secret,
    )


def tell(capture: Any, recipients: list[Employee], url: str = PAGE) -> list[Any]:
    """Notify, commit (the test's transaction stands for it) and plan the deliveries."""
    with capture(execute=True):
        return inbox.notify(recipients, title=TITLE, url=url)


def make_due() -> None:
    """The wait before the next attempt has passed."""
    Delivery.objects.filter(state=Delivery.State.PENDING).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_dingtalk_robot_gets_a_signed_markdown_message(
    people: Any, robot: Robot, django_capture_on_commit_callbacks: Any
) -> None:
    add_channel(people, "QA", ChannelKind.DINGTALK, robot.url, secret="SEC123")
    tell(django_capture_on_commit_callbacks, [people("inspector"), people("qa_manager")])

    sent = delivery.send_due()

    # Two of the department are told: the group hears it once.
    assert [d.state for d in sent if d.channel_id] == ["sent"]
    assert len(robot.received) == 1
    path, body = robot.received[0]
    query = parse_qs(urlsplit(path).query)
    assert query["access_token"] == ["abc"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "我的待办"
    assert f"({settings.SITE_URL}{PAGE})" in body["markdown"]["text"]


def test_wecom_and_feishu_bodies() -> None:
    text = robots.Text("标题", "正文", "https://yunying.example/x/", "打开", "zh-hans")
    wecom = robots.payload("wecom", text, now=1_700_000_000)
    assert wecom["msgtype"] == "markdown"
    assert "[打开](https://yunying.example/x/)" in wecom["markdown"]["content"]
    feishu = robots.payload("feishu", text, secret="key", now=1_700_000_000.5)
    assert feishu["msg_type"] == "post"
    assert feishu["content"]["post"]["zh_cn"]["title"] == "标题"
    assert feishu["timestamp"] == "1700000000"
    expected = hmac.new(b"1700000000\nkey", b"", hashlib.sha256).digest()
    assert feishu["sign"] == base64.b64encode(expected).decode()


def test_a_failing_robot_is_recorded_and_tried_again_later(
    people: Any, robot: Robot, django_capture_on_commit_callbacks: Any
) -> None:
    add_channel(people, "QA", ChannelKind.WECOM, robot.url)
    notifications = tell(django_capture_on_commit_callbacks, [people("inspector")])
    robot.status = 500

    before = timezone.now()
    [first] = delivery.send_due()
    assert (first.state, first.attempts) == ("pending", 1)
    assert "500" in first.last_error
    assert first.next_attempt_at is not None
    wait = first.next_attempt_at - before
    assert datetime.timedelta(seconds=59) < wait < datetime.timedelta(seconds=65)
    assert delivery.send_due() == []  # not due yet

    make_due()
    robot.status, robot.answer = 200, b'{"errcode": 93000, "errmsg": "invalid webhook url"}'
    [second] = delivery.send_due()
    assert (second.state, second.attempts) == ("pending", 2)
    assert "93000" in second.last_error
    # The wait doubles.
    assert second.next_attempt_at is not None
    assert second.next_attempt_at - timezone.now() > datetime.timedelta(seconds=115)

    make_due()
    robot.answer = b'{"errcode": 0, "errmsg": "ok"}'
    [third] = delivery.send_due()
    assert (third.state, third.attempts) == ("sent", 3)
    assert len(robot.received) == 3
    assert third.notification_id == notifications[0].pk


def test_an_unreachable_robot_fails_for_good_after_the_last_attempt(
    people: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.YUNYING_DELIVERY_ATTEMPTS = 2
    add_channel(people, "QA", ChannelKind.WECOM, closed_port_url())
    [notification] = tell(django_capture_on_commit_callbacks, [people("inspector")])

    [first] = delivery.send_due()
    assert (first.state, first.attempts) == ("pending", 1)
    assert first.last_error
    make_due()
    findings = delivery.delivery_check()
    row = Delivery.objects.get(notification=notification)
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 2, None)
    assert len(findings) == 1
    # The news is still in the inbox.
    assert Notification.objects.filter(pk=notification.pk).exists()


def test_a_redirect_is_not_followed(
    people: Any, robot: Robot, django_capture_on_commit_callbacks: Any
) -> None:
    add_channel(people, "QA", ChannelKind.WECOM, robot.url)
    tell(django_capture_on_commit_callbacks, [people("inspector")])
    robot.status, robot.headers = 302, {"Location": "http://127.0.0.1:9/elsewhere"}
    [row] = delivery.send_due()
    assert (row.state, row.attempts) == ("pending", 1)
    assert "302" in row.last_error
    assert len(robot.received) == 1


def test_email_in_the_recipients_language(
    people: Any, robot: Robot, django_capture_on_commit_callbacks: Any
) -> None:
    inspector, manager, keeper = people("inspector"), people("qa_manager"), people("buyer")
    Employee.objects.filter(pk=inspector.pk).update(email="inspector@example.com")
    Employee.objects.filter(pk=manager.pk).update(email="qa@example.com")
    Employee.objects.filter(pk=keeper.pk).update(email="buyer@example.com")
    DeliveryPreference.objects.create(employee=inspector, language="en")
    DeliveryPreference.objects.create(employee=keeper, email=False)
    mail.outbox.clear()

    tell(
        django_capture_on_commit_callbacks,
        [people("inspector"), people("qa_manager"), people("buyer")],
    )
    delivery.send_due()

    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"inspector@example.com", "qa@example.com"}
    assert sent["inspector@example.com"].subject == "My to-do"
    assert sent["qa@example.com"].subject == "我的待办"
    assert f"{settings.SITE_URL}{PAGE}" in sent["qa@example.com"].body


def test_a_persons_own_download_stays_off_the_group(
    people: Any, robot: Robot, django_capture_on_commit_callbacks: Any
) -> None:
    add_channel(people, "QA", ChannelKind.WECOM, robot.url)
    tell(django_capture_on_commit_callbacks, [people("inspector")], url="/exports/3/download/")
    assert not Delivery.objects.filter(channel__isnull=False).exists()


def test_the_settings_page_refuses_a_bad_address(web: Any) -> None:
    page = web("admin").post(
        "/system/channels/new/",
        {
            "department": Department.objects.get(code="QA").pk,
            "kind": "wecom",
            "webhook_url": "file:///etc/passwd",
            "active": "on",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["webhook_url"]
    assert not DepartmentChannel.objects.filter(department__code="QA").exists()

    page = web("admin").post(
        "/system/channels/new/",
        {
            "department": Department.objects.get(code="QA").pk,
            "kind": "dingtalk",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=x",
            "secret": "SEC1",
            "active": "on",
        },
    )
    assert page.status_code == 302
    listing = web("admin").get("/system/channels/")
    assert listing.status_code == 200
    assert b"oapi.dingtalk.com" in listing.content
    assert b"SEC1" not in listing.content


def test_the_api_names_the_refused_field_and_keeps_the_secret(api: Any) -> None:
    client = api("admin")
    qa = Department.objects.get(code="QA").pk
    refused = client.post(
        "/api/v1/notification-channels/",
        {"department": qa, "kind": "feishu", "webhook_url": "ftp://open.feishu.cn/hook"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "webhook_url"

    made = client.post(
        "/api/v1/notification-channels/",
        {
            "department": qa,
            "kind": "feishu",
            "webhook_url": "https://open.feishu.cn/hook/x",
            "secret": "key",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["signed"] is True
    assert "secret" not in made.json()
    changed = client.put(
        f"/api/v1/notification-channels/{made.json()['id']}/",
        {"kind": "feishu", "webhook_url": "https://open.feishu.cn/hook/y", "active": False},
        format="json",
    )
    assert changed.status_code == 200
    assert (changed.json()["signed"], changed.json()["active"]) == (True, False)
    wecom = client.put(
        f"/api/v1/notification-channels/{made.json()['id']}/",
        {"kind": "wecom", "webhook_url": "https://qyapi.weixin.qq.com/x", "secret": "s"},
        format="json",
    )
    assert (wecom.status_code, wecom.json()["field"]) == (400, "secret")


def test_only_the_administrator_sees_or_changes_channels(people: Any, web: Any, api: Any) -> None:
    channel = add_channel(people, "QA", ChannelKind.WECOM, "https://qyapi.weixin.qq.com/x")
    assert web("ops_manager").get("/system/channels/").status_code == 403
    assert web("ops_manager").get(f"/system/channels/{channel.pk}/edit/").status_code == 403
    assert web("ops_manager").post(f"/system/channels/{channel.pk}/delete/").status_code == 403
    client = api("ops_manager")
    assert client.get("/api/v1/notification-channels/").status_code == 403
    answer = client.put(
        f"/api/v1/notification-channels/{channel.pk}/",
        {"kind": "wecom", "webhook_url": "https://evil.example/x"},
        format="json",
    )
    assert answer.status_code == 403
    assert client.delete(f"/api/v1/notification-channels/{channel.pk}/").status_code == 403
    channel.refresh_from_db()
    assert channel.webhook_url == "https://qyapi.weixin.qq.com/x"
    assert api("admin").delete(f"/api/v1/notification-channels/{channel.pk}/").status_code == 204


def test_an_employee_turns_email_off_and_picks_its_language(web: Any, people: Any) -> None:
    page = web("inspector").get("/account/notifications/")
    assert page.status_code == 200
    saved = web("inspector").post("/account/notifications/", {"language": "en"})
    assert saved.status_code == 302
    preference = DeliveryPreference.objects.get(employee=people("inspector"))
    assert (preference.email, preference.language) == (False, "en")
    refused = web("inspector").post("/account/notifications/", {"email": "on", "language": "fr"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["language"]


def test_the_demo_robots_are_off_and_local(people: Any) -> None:
    from yunying.demo.channels import build_channels

    made = build_channels()
    assert {c.department.code for c in made} == {"LOG", "PROC"}
    for channel in made:
        assert not channel.active
        assert urlsplit(channel.webhook_url).hostname == "127.0.0.1"


def test_with_a_broker_the_robot_is_posted_once_committed(
    people: Any, robot: Robot, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from yunying.core import checks, queue

    # A broker is configured: the new deliveries go to the queue's task at once (which, with no
    # worker in the test, Celery runs in this process).
    monkeypatch.setattr(queue, "broker_url", lambda: "redis://127.0.0.1:6379/0")
    add_channel(people, "QA", ChannelKind.FEISHU, robot.url, secret="key")
    robot.answer = b'{"code": 0, "msg": "success"}'
    tell(django_capture_on_commit_callbacks, [people("inspector")])

    assert len(robot.received) == 1
    body = robot.received[0][1]
    assert body["msg_type"] == "post" and body["sign"]
    assert Delivery.objects.get(channel__isnull=False).state == "sent"
    # Without a broker the minute check sends them (in `yunying serve` too).
    check = checks.get("core.deliveries")
    assert check is not None and check.every == checks.SHORTEST and not check.atomic


def test_the_administrator_reads_the_failures_through_the_api(
    people: Any, api: Any, django_capture_on_commit_callbacks: Any
) -> None:
    add_channel(people, "QA", ChannelKind.WECOM, closed_port_url())
    tell(django_capture_on_commit_callbacks, [people("inspector")])
    delivery.send_due()

    answer = api("admin").get("/api/v1/notification-deliveries/?state=pending")
    assert answer.status_code == 200
    [row] = [r for r in answer.json()["results"] if r["channel"] is not None]
    assert row["attempts"] == 1 and row["last_error"] and row["next_attempt_at"]
    assert api("ops_manager").get("/api/v1/notification-deliveries/").status_code == 403
