"""A client that sends a POST again with the same Idempotency-Key (its answer was lost, the
server went down) posts nothing twice and gets the first answer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.sales_steps import customer
from tests.stock import item, put_stock
from yunying.core.models import IdempotencyKey
from yunying.sales.models import SalesOrder

pytestmark = pytest.mark.django_db


def _order(quantity: str = "2") -> dict[str, Any]:
    return {
        "customer": customer("C002").pk,
        "promised_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        "lines": [{"item": item("MC4-P").pk, "quantity": quantity, "unit_price": "6"}],
    }


def test_a_post_sent_twice_with_one_key_posts_once(api: Any) -> None:
    client = api("ops_specialist")
    before = SalesOrder.objects.count()
    first = client.post(
        "/api/v1/sales-orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="order-1"
    )
    again = client.post(
        "/api/v1/sales-orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="order-1"
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replay"] == "true"
    assert SalesOrder.objects.count() == before + 1


def test_an_action_sent_twice_with_one_key_acts_once(api: Any) -> None:
    put_stock("MC4-P", 10, cost=3)
    client = api("ops_specialist")
    order = client.post("/api/v1/sales-orders/", _order(), format="json").json()
    url = f"/api/v1/sales-orders/{order['id']}/confirm/"
    first = client.post(url, HTTP_IDEMPOTENCY_KEY="confirm-1")
    again = client.post(url, HTTP_IDEMPOTENCY_KEY="confirm-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    # without the key the same confirmation is refused: the order is confirmed already
    assert client.post(url).status_code == 409


def test_the_same_key_with_another_body_is_refused(api: Any) -> None:
    client = api("ops_specialist")
    client.post("/api/v1/sales-orders/", _order("1"), format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = client.post(
        "/api/v1/sales-orders/", _order("5"), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.json()["field"] == "Idempotency-Key"


def test_a_refused_request_keeps_nothing_and_may_be_sent_again(api: Any) -> None:
    client = api("ops_specialist")
    order = client.post("/api/v1/sales-orders/", _order("3"), format="json").json()
    url = f"/api/v1/sales-orders/{order['id']}/confirm/"
    refused = client.post(url, HTTP_IDEMPOTENCY_KEY="confirm-later")
    assert refused.status_code == 409 and refused.json()["clause"] == "INV-6"
    assert not IdempotencyKey.objects.filter(key="confirm-later").exists()
    put_stock("MC4-P", 10, cost=3)
    assert client.post(url, HTTP_IDEMPOTENCY_KEY="confirm-later").status_code == 200


def test_keys_belong_to_their_user(api: Any) -> None:
    before = SalesOrder.objects.count()
    for username in ("ops_specialist", "ops_supervisor"):
        response = api(username).post(
            "/api/v1/sales-orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="shared"
        )
        assert response.status_code == 201, response.json()
    assert SalesOrder.objects.count() == before + 2


def test_a_key_longer_than_255_characters_is_refused(api: Any) -> None:
    response = api("ops_specialist").post(
        "/api/v1/sales-orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="x" * 256
    )
    assert response.status_code == 400 and response.json()["field"] == "Idempotency-Key"
