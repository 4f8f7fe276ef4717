"""Every operation of the API, fuzzed from the schema the application serves: no input may make
it answer with a server error (5xx), and every answer is one the schema documents.

- The schema is read from the WSGI application itself (``/api/schema/``, no server runs), and
  each of its operations becomes one test per role: an ops supervisor and the administrator,
  each sending their DRF token (``Authorization: Token …``).
- Each test sends the examples of the schema and ``MAX_EXAMPLES`` cases that schemathesis
  generates from it (valid and invalid input), and fails, with the request to reproduce it, on
  any 5xx answer (the ``not_a_server_error`` check), on a status code the operation does not
  document (``status_code_conformance``) and on a body that does not match the schema of its
  status code, errors included (``response_schema_conformance``). Generation is derandomized:
  every run sends the same cases. Schemathesis' coverage phase (the boundary values of every
  field, hundreds of cases per operation) is left out to keep the whole run to a few minutes;
  ``YUNYING_FUZZ_EXAMPLES`` sends more cases per operation when wanted.
- The cases run in the test database (pytest-django). Each runs in a savepoint that is rolled
  back after it, so what a POST creates or changes (or a token it revokes) never reaches the next
  case: each case meets the demo company as loaded, the run does not depend on the order of the
  cases and leaves the database as it found it. The cache (the API throttles count in it) is
  cleared after each case, so the throttles neither answer the fuzzing nor outlive it.
- Django closes the database connection when a request starts and ends (``close_old_connections``,
  unless it is in a transaction it may not close); like Django's own test client, the test
  disconnects that while it runs, as the connection holds the test's transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from yunying.core.models import Employee
from yunying.wsgi import application

MAX_EXAMPLES = int(os.environ.get("YUNYING_FUZZ_EXAMPLES", "25"))
ROLES = ["ops_supervisor", "admin"]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    application,
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}),
)


@pytest.fixture(params=ROLES)
def token_header(request: pytest.FixtureRequest, db: Any) -> Iterator[dict[str, str]]:
    """The role's token, with Django's closing of connections between requests held off."""
    user = Employee.objects.select_related("user").get(user__username=request.param).user
    token, _created = Token.objects.get_or_create(user=user)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {token.key}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        _clear_caches()


def _clear_caches() -> None:
    for cache in caches.all(initialized_only=True):
        cache.clear()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_failure(
    case: schemathesis.Case, token_header: dict[str, str]
) -> None:
    try:
        with transaction.atomic():
            case.call_and_validate(headers=token_header, checks=CHECKS)
            transaction.set_rollback(True)
    finally:
        _clear_caches()
