"""Shared fixtures. The demo organisation and the default regulations are loaded once per test
session; each test runs in a transaction that is rolled back, so tests stay independent.
Transactional tests (concurrency) flush the database and load what they need themselves."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunying.core.models import Employee


def pytest_configure(config: pytest.Config) -> None:
    # Hashing demo passwords with the production hasher would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with the API throttles' counts at zero (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from yunying.demo.company import build_organisation

    with django_db_blocker.unblock():
        build_organisation(password="test-pass-1")


@pytest.fixture
def people(db: Any) -> Callable[[str], Employee]:
    """``people("ops_manager")``: the demo employee with that username."""

    def get(username: str) -> Employee:
        return Employee.objects.select_related("user", "department").get(user__username=username)

    return get


@pytest.fixture
def api(db: Any) -> Callable[[str], APIClient]:
    """``api("ops_manager")``: an API client authenticated with that user's token."""

    def client_for(username: str) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(
            user=Employee.objects.get(user__username=username).user
        )
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def web(db: Any) -> Callable[[str], Client]:
    """``web("ops_manager")``: a browser session (Django test client) logged in as that user."""
    clients: dict[str, Client] = {}

    def login(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(Employee.objects.get(user__username=username).user)
        return clients[username]

    return login


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` race real connections; SQLite serialises writers anyway."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: `make test` runs these against the local server when one "
        "answers, CI always does (or set DATABASE_URL=postgres://...)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# ---------------------------------------------------------------- clause coverage (make clauses)
_CLAUSE_RESULTS: dict[str, dict[str, Any]] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clause-report",
        default=None,
        help="write the clause ids each test cites, with its outcome, to this JSON file",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    clauses = [mark.args[0] for mark in item.iter_markers("clause")]
    if clauses and (report.when == "call" or report.outcome != "passed"):
        entry = _CLAUSE_RESULTS.setdefault(item.nodeid, {"clauses": clauses, "outcome": "passed"})
        if report.outcome != "passed" or report.when == "call":
            entry["outcome"] = report.outcome if entry["outcome"] == "passed" else entry["outcome"]
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("--clause-report")
    if path:
        import json
        from pathlib import Path

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(_CLAUSE_RESULTS, indent=1, ensure_ascii=False))


@pytest.fixture
def org(transactional_db: Any) -> None:
    """Transactional tests start from an empty database: load the company for them."""
    if not Employee.objects.exists():
        from yunying.demo.company import build_organisation

        build_organisation(password="test-pass-1")
