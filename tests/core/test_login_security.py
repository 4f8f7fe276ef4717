"""Signing in: repeated failures lock out the account and the address for a while (django-axes),
the API is throttled, tokens expire and can be revoked, passwords are validated and can be
changed by their owner."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from yunying.core import security
from yunying.core.models import AuditEvent
from yunying.demo.company import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
PASSWORD = "test-pass-1"
TOKEN_URL = "/api/v1/auth/token/"


def web_login(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def logged_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def test_failed_logins_lock_the_account_out_then_the_right_password_is_refused() -> None:
    client = Client()
    first = web_login(client, "ops_specialist", "wrong")
    assert first.status_code == 200 and not logged_in(first)
    answers = [web_login(client, "ops_specialist", "wrong") for _ in range(49)]
    assert answers[-1].status_code == 429  # not answered like the first any more
    refused = web_login(client, "ops_specialist", PASSWORD)
    assert refused.status_code == 429 and not logged_in(refused)
    with translation.override("zh-hans"):  # a clear message, in Chinese by default
        assert security.lockout_message() in refused.content.decode()
    assert refused["Retry-After"]
    # Another account from another address still signs in.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert logged_in(web_login(elsewhere, "buyer", PASSWORD))


def test_the_lockout_ends_after_the_cool_off(settings: Any) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        web_login(client, "ops_specialist", "wrong")
    assert web_login(client, "ops_specialist", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    assert logged_in(web_login(client, "ops_specialist", PASSWORD))


def test_failures_from_one_address_lock_the_address_out(settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.7")
    names = ["gm", "buyer", "accountant", "ops_manager"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        web_login(client, names[attempt % len(names)], "wrong")
    assert web_login(client, "ops_specialist", PASSWORD).status_code == 429
    # The account itself is not locked: from another address it signs in.
    assert logged_in(web_login(Client(REMOTE_ADDR="10.0.0.8"), "ops_specialist", PASSWORD))


def test_the_lockout_page_speaks_english_too(settings: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        web_login(client, "gm", "wrong")
    refused = web_login(client, "gm", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()


def test_a_lockout_is_audited_and_logged(settings: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    with caplog.at_level(logging.WARNING, logger="yunying.security"):
        for _ in range(settings.AXES_FAILURE_LIMIT + 3):
            web_login(client, "ops_manager", "wrong")
    assert any("locked out" in record.getMessage() for record in caplog.records)
    events = AuditEvent.objects.filter(action="core.login_locked_out")
    assert events.count() == 1  # once, when the lockout starts, not once per attempt
    event = events.get()
    assert event.object_id == "ops_manager" and event.changes["ip_address"] == "127.0.0.1"


def test_the_token_endpoint_locks_out_too(settings: Any) -> None:
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        bad = client.post(TOKEN_URL, {"username": "gm", "password": "wrong"}, format="json")
        assert bad.status_code in (400, 429)
    refused = client.post(TOKEN_URL, {"username": "gm", "password": PASSWORD}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "locked_out"
    assert set(refused.json()) >= {"detail", "code", "clause"}
    assert int(refused["Retry-After"]) > 0


# ------------------------------------------------------------------------- API throttling


def test_the_token_endpoint_is_throttled_with_retry_after() -> None:
    client = APIClient(REMOTE_ADDR="10.0.0.5")
    rate = str(SimpleRateThrottle.THROTTLE_RATES["auth"])
    allowed = int(rate.split("/")[0])
    names = ["gm", "buyer", "accountant", "ops_manager", "ops_specialist", "logistics_clerk"]
    answers = [
        client.post(TOKEN_URL, {"username": names[i % len(names)], "password": PASSWORD})
        for i in range(allowed + 1)
    ]
    assert [a.status_code for a in answers[:allowed]] == [200] * allowed
    throttled = answers[-1]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_api_users_are_throttled(api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rates: Any = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert "user" in rates and "anon" in rates
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    client = api("ops_specialist")
    statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get("/api/v1/me/")
    assert last.json()["code"] == "throttled" and int(last["Retry-After"]) > 0


# ------------------------------------------------------------------ token expiry, revocation


def token_for(username: str) -> str:
    client = APIClient()
    answer = client.post(TOKEN_URL, {"username": username, "password": PASSWORD}, format="json")
    assert answer.status_code == 200, answer.content
    return str(answer.json()["token"])


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_tokens_expire(settings: Any) -> None:
    key = token_for("gm")
    assert with_token(key).get("/api/v1/me/").status_code == 200
    Token.objects.filter(key=key).update(
        created=timezone.now() - settings.YUNYING_TOKEN_LIFETIME - datetime.timedelta(seconds=1)
    )
    expired = with_token(key).get("/api/v1/me/")
    assert expired.status_code == 401
    assert expired.json()["code"] == "authentication_failed"
    fresh = token_for("gm")  # signing in again gives a new token
    assert fresh != key
    assert with_token(fresh).get("/api/v1/me/").status_code == 200


def test_a_token_is_revoked_by_its_owner() -> None:
    key = token_for("gm")
    client = with_token(key)
    assert client.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(key=key).exists()
    assert client.get("/api/v1/me/").status_code == 401
    assert APIClient().delete(TOKEN_URL).status_code == 401


def test_token_authentication_is_one_query(django_assert_num_queries: Any) -> None:
    from yunying.core.authentication import TokenAuthentication

    key = token_for("gm")
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(key)
        assert user.employee.department.name and token.key == key


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    "password", ["short-1", "1234567890123", "password1234", "ops_specialist1"]
)
def test_weak_passwords_are_refused(people: Any, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, people("ops_specialist").user)


def test_the_demo_password_is_accepted(people: Any) -> None:
    validate_password(DEMO_PASSWORD, people("ops_specialist").user)
    validators: Any = settings.AUTH_PASSWORD_VALIDATORS
    lengths = [
        v["OPTIONS"]["min_length"]
        for v in validators
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths and lengths[0] >= 10


def test_a_user_changes_their_password_on_the_page(web: Any, people: Any) -> None:
    client = web("ops_specialist")
    home = client.get("/").content.decode()
    assert 'href="/password/"' in home
    page = client.get("/password/")
    with translation.override("zh-hans"):
        assert page.status_code == 200 and gettext("Change password") in page.content.decode()
    weak = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert weak.status_code == 200
    assert people("ops_specialist").user.check_password(PASSWORD)
    Token.objects.create(user=people("ops_specialist").user)
    done = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-secret-9",
            "new_password2": "a-new-long-secret-9",
        },
    )
    assert done.status_code == 302
    user = get_user_model().objects.get(username="ops_specialist")
    assert user.check_password("a-new-long-secret-9")
    assert client.get("/").status_code == 200  # still signed in on this browser
    assert not Token.objects.filter(user=user).exists()  # API tokens of the old password end


def test_the_password_page_in_english(web: Any) -> None:
    client = web("ops_specialist")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Change password" in client.get("/password/").content.decode()


def test_a_user_changes_their_password_through_the_api() -> None:
    key = token_for("buyer")
    client = with_token(key)
    wrong = client.post(
        "/api/v1/auth/password/",
        {"old_password": "nope", "new_password": "a-new-long-secret-9"},
        format="json",
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "old_password"
    weak = client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "123"}, format="json"
    )
    assert weak.status_code == 400 and weak.json()["field"] == "new_password"
    done = client.post(
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": "a-new-long-secret-9"},
        format="json",
    )
    assert done.status_code == 200
    assert client.get("/api/v1/me/").status_code == 401  # the old token is revoked
    new = done.json()["token"]
    assert with_token(new).get("/api/v1/me/").json()["username"] == "buyer"
