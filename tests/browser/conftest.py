"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("YUNYING_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
PASSWORD = "test-pass-1"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (make test installs it where it can)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def org(transactional_db: Any) -> None:
    from yunying.core.models import Employee

    if not Employee.objects.exists():
        from yunying.demo.company import build_organisation

        build_organisation(password=PASSWORD)


@pytest.fixture
def login(browser: Any, live_server: Any, org: None) -> Iterator[Callable[[str], Any]]:
    """``login("gm")``: a new browser page logged in as that user."""
    contexts = []

    def open_as(username: str) -> Any:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()
