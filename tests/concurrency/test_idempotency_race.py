"""A client that retries while its first request is still running (its connection dropped)
posts once: the second request waits for the first and answers with its result."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.concurrency.race import at_once
from tests.sales_steps import customer
from tests.stock import item, person, put_stock
from yunying.sales.models import SalesOrder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_copies_of_one_request_post_one_order(org) -> None:
    put_stock("MC4-P", 100, cost=3)
    token = Token.objects.get_or_create(user=person("ops_specialist").user)[0].key
    body = {
        "customer": customer("C002").pk,
        "promised_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        "lines": [{"item": item("MC4-P").pk, "quantity": "4", "unit_price": "6"}],
    }

    def send() -> tuple[int, dict[str, object]]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = client.post(
            "/api/v1/sales-orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry-7"
        )
        return response.status_code, response.json()

    answers = at_once(*[send for _ in range(8)])

    assert all(not isinstance(a, Exception) for a in answers), answers
    assert {status for status, _body in answers} == {201}
    assert len({body["id"] for _status, body in answers}) == 1
    assert SalesOrder.objects.count() == 1
