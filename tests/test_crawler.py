"""Every link a demo user is shown leads somewhere, and the Chinese pages speak Chinese.

As each of the 25 demo users (logged in through the login form), open the home page and the
first page of every menu entry, follow their links one level deep, and from those pages the
links to other records (``core.links``) once more: no 404 and no 500. On every page read, the
text shows no raw permission code, approval condition key (``amount_gt``) or data dump.

Same-site GET links only (forms are not submitted); logging out, downloads, exports and prints
are skipped. A kind of link is followed once per kind of page: the page's view and the link's
view with the names of its query parameters (a list of a hundred orders costs one request);
a page's links to itself sorted, filtered or paged are not followed.
Every page also stays within a fixed number of statements, with months of history in every
list. The crawl of one user is shared by the three tests of that user.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from yunying.core import access, links, navigation
from yunying.core.models import Employee

PASSWORD = "test-pass-1"  # the test company's password (tests/conftest.py)
USERNAMES = [
    "gm", "vp", "admin", "ops_manager", "ops_supervisor", "ops_specialist", "data_analyst",
    "biz_lead", "cs_lead", "cs_agent", "mkt_lead", "proc_manager", "buyer", "log_manager",
    "warehouse_keeper", "logistics_clerk", "fin_manager", "accountant", "qa_manager", "inspector",
    "prod_manager", "pilot_head", "workshop_director", "hr_manager", "hr_specialist",
]  # fmt: skip
# Links with a side effect or a file for an answer.
SKIPPED = re.compile(
    r"^/(logout|api|static|media|i18n)/|download|/print/|/pdf/|[?&](export|format)="
)
CONDITION_KEY = re.compile(r"\bamount_(gt|gte|lt|lte)\b")
# JSON (``{"…`` or ``[{…``) or YAML (``steps:`` then an indented block) shown as it is stored.
DUMP = re.compile(r"^\s*(\{\"|\[\{|[a-z_]+:[ \t]*\n)")
TIMES: dict[str, float] = {}
# The heaviest page with the demo history reads about 30 (an approval with its document, steps,
# attachments, comments and timeline); a page reading its rows one by one reads 50 more.
STATEMENTS_PER_PAGE = 40


class _Page(HTMLParser):
    """The links of a page and the text a reader sees (scripts and attributes left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _same_site(href: str, base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "javascript:")):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        return None
    url = path + (f"?{parts.query}" if parts.query else "")
    return None if SKIPPED.search(url) else url


def _view(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return re.sub(r"\d+", "<n>", urlsplit(url).path)


def _kind(url: str) -> str:
    keys = sorted({key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)})
    return f"{_view(url)}?{'&'.join(keys)}"


class _Crawl:
    def __init__(self, username: str) -> None:
        self.username = username
        self.client = Client(headers={"accept-language": "zh-hans"})
        self.fetched: set[str] = set()
        self.kinds: set[tuple[str, str]] = set()
        self.dead: list[str] = []
        self.raw: list[str] = []
        self.statements: dict[str, int] = {}
        self.codes = re.compile(
            r"(?<![\w.])("
            + "|".join(re.escape(p.code) for p in access.all_permissions())
            + r")(?![\w])"
        )
        self.records = {d.url_name for d in links.destinations()}

    def run(self) -> None:
        response = self.client.post("/login/", {"username": self.username, "password": PASSWORD})
        assert response.status_code == 302, f"{self.username} could not log in"
        home = self.get("/", "the login")
        assert home is not None, f"{self.username} has no home page"
        employee = Employee.objects.get(user__username=self.username)
        menu = [
            item["url"]
            for section in navigation.menu_for(RequestFactory().get("/"), employee)
            for item in section["items"]
            if item["url"] != "/" and _same_site(item["url"], "/")
        ]
        starts = [("/", home)]
        self.fetched.update(menu)
        for url in menu:
            page = self.get(url, "the menu")
            if page is not None:
                starts.append((url, page))
        for url, page in starts:
            for target, child in self.follow(page, url, records_only=False):
                if child is not None:
                    self.follow(child, target, records_only=True)

    def get(self, url: str, came_from: str) -> _Page | None:
        self.fetched.add(url)
        with CaptureQueriesContext(connection) as statements:
            response = self.client.get(url)
        self.statements[url] = len(statements.captured_queries)
        if response.status_code == 404 or response.status_code >= 500:
            self.dead.append(f"{response.status_code} {url} (a link on {came_from})")
            return None
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return None
        page = _Page()
        page.feed(response.content.decode())
        for text in page.texts:
            if self.codes.search(text) or CONDITION_KEY.search(text) or DUMP.search(text):
                self.raw.append(f"{url}: {text[:80]!r}")
        return page

    def follow(
        self, page: _Page, url: str, *, records_only: bool
    ) -> list[tuple[str, _Page | None]]:
        found = []
        for href in page.links:
            target = _same_site(href, url)
            if target is None or target in self.fetched:
                continue
            if records_only and _view(target) not in self.records:
                continue
            kind = (_view(url), _kind(target))
            if kind in self.kinds or kind[0] == _view(target):  # the list sorted, paged, …
                continue
            self.kinds.add(kind)
            found.append((target, self.get(target, url)))
        return found


@pytest.fixture(scope="module")
def company(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A few months of the demo company's history, built once for this module."""
    from yunying.demo.history import build_history

    with django_db_blocker.unblock(), transaction.atomic():
        build_history()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def crawls(company: None, django_db_blocker: Any) -> Iterator[dict[str, _Crawl]]:
    done: dict[str, _Crawl] = {}
    yield done
    if TIMES:
        print(f"\ncrawled {len(TIMES)} users in {sum(TIMES.values()):.1f} s")


@pytest.fixture
def crawl(crawls: dict[str, _Crawl], username: str, db: Any) -> _Crawl:
    if username not in crawls:
        started = time.monotonic()
        crawls[username] = _Crawl(username)
        crawls[username].run()
        TIMES[username] = time.monotonic() - started
    return crawls[username]


@pytest.mark.parametrize("username", USERNAMES)
def test_every_link_leads_somewhere(crawl: _Crawl) -> None:
    assert not crawl.dead, "\n".join(crawl.dead)


@pytest.mark.parametrize("username", USERNAMES)
def test_the_chinese_pages_show_no_codes_or_dumps(crawl: _Crawl) -> None:
    assert not crawl.raw, "\n".join(crawl.raw)


@pytest.mark.parametrize("username", USERNAMES)
def test_no_page_reads_its_rows_one_by_one(crawl: _Crawl) -> None:
    """With months of history on every list, a page reading a row at a time would cost a
    statement per row: every page a user opens stays within a fixed number of statements."""
    heavy = {url: n for url, n in crawl.statements.items() if n > STATEMENTS_PER_PAGE}
    assert not heavy, heavy
