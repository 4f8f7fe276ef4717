"""Production defaults: debug off unless asked for, a secret key generated once when none is
set, error pages in both languages with debug off, static files served by whitenoise, and a
clean ``check --deploy`` with the documented HTTPS settings."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "YUNYING_AUDIT_KEY": settings.YUNYING_AUDIT_KEY,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def clean_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh clone: none of Yunying's variables set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("YUNYING_")
        and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "yunying.settings",
        "YUNYING_VAR_DIR": str(var_dir),
        **extra,
    }


def settings_in(env: dict[str, str]) -> dict[str, Any]:
    code = "import django; django.setup()\n" + PRINT_SETTINGS
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_debug_is_off_and_a_secret_key_is_made_once(tmp_path: Path) -> None:
    first = settings_in(clean_env(tmp_path))
    assert first["DEBUG"] is False
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The audit seals' key still derives from the secret key, and so stays the same across runs.
    expected = hashlib.sha256(f"yunying.audit:{first['SECRET_KEY']}".encode()).hexdigest()
    assert first["YUNYING_AUDIT_KEY"] == expected
    again = settings_in(clean_env(tmp_path))
    assert again["SECRET_KEY"] == first["SECRET_KEY"]
    assert again["YUNYING_AUDIT_KEY"] == first["YUNYING_AUDIT_KEY"]


def test_the_environment_decides_debug_and_the_keys(tmp_path: Path) -> None:
    given = settings_in(
        clean_env(tmp_path, YUNYING_SECRET_KEY="k" * 60, YUNYING_AUDIT_KEY="the-audit-key")
    )
    assert given["SECRET_KEY"] == "k" * 60
    assert given["YUNYING_AUDIT_KEY"] == "the-audit-key"
    assert not (tmp_path / "secret_key").exists()  # nothing written when the key is given
    assert settings_in(clean_env(tmp_path, YUNYING_DEBUG="1"))["DEBUG"] is True


def test_https_settings_follow_yunying_https(tmp_path: Path) -> None:
    plain = settings_in(clean_env(tmp_path))
    assert not plain["SECURE_SSL_REDIRECT"] and not plain["SESSION_COOKIE_SECURE"]
    https = settings_in(clean_env(tmp_path, YUNYING_HTTPS="1"))
    assert https["SECURE_SSL_REDIRECT"] and https["SESSION_COOKIE_SECURE"]
    assert https["CSRF_COOKIE_SECURE"] and https["SECURE_HSTS_SECONDS"] >= 31536000
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_check_deploy_is_clean_with_the_documented_https_settings(tmp_path: Path) -> None:
    env = clean_env(tmp_path, YUNYING_HTTPS="1", YUNYING_ALLOWED_HOSTS="yunying.example.com")
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-m", "yunying.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout, done.stdout + done.stderr


# ------------------------------------------------------------------ error pages, debug off

PAGES = {
    403: ("无权访问", "Not allowed"),
    404: ("页面不存在", "Not found"),
    500: ("服务器错误", "Server error"),
    503: ("系统繁忙", "Busy"),
}


def client_in(language: str, user: Any = None) -> Client:
    client = Client(raise_request_exception=False)
    if language != "zh-hans":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.error_urls")
@pytest.mark.parametrize("status", sorted(PAGES))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("logged_in", [False, True])
def test_error_pages_render_in_both_languages(
    people: Any, status: int, language: str, logged_in: bool
) -> None:
    user = people("ops_specialist").user if logged_in else None
    response = client_in(language, user).get(f"/test-errors/{status}/")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    chinese, english = PAGES[status]
    assert (chinese if language == "zh-hans" else english) in body
    assert "Traceback" not in body and "DATABASES" not in body and "urlpatterns" not in body
    if status == 503:
        assert response["Retry-After"] == "1"


@override_settings(DEBUG=False)
def test_an_unknown_address_is_the_plain_404_page() -> None:
    response = client_in("en").get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Not found" in body and "URLconf" not in body and "core:inbox" not in body


@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.error_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_500_page_needs_no_database_and_no_context_processor(
    language: str, django_assert_num_queries: Any
) -> None:
    engine: Any = settings.TEMPLATES[0]
    templates = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "context_processors": [
                    *engine["OPTIONS"]["context_processors"],
                    "tests.core.error_urls.broken_context",
                ],
            },
        }
    ]
    with override_settings(TEMPLATES=templates), django_assert_num_queries(0):
        response = client_in(language).get("/test-errors/500/")
    assert response.status_code == 500
    assert PAGES[500][0 if language == "zh-hans" else 1] in response.content.decode()


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "/static/css/yunying.css",
        "/static/js/yunying.js",
        "/static/vendor/htmx.min.js",
        "/static/vendor/echarts.min.js",
    ],
)
def test_static_files_are_served_with_debug_off(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_security_headers_are_always_on(web: Any) -> None:
    response = web("ops_specialist").get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
