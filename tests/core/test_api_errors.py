"""The API answers every error as JSON ``{"detail", "code", "clause"}``, never with an HTML page:
unknown addresses, malformed ids, faults (500) and conflicts that outlasted the retries (503
with Retry-After, nothing saved)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sales_steps import draft_order
from yunying.core.errors import Busy
from yunying.sales.models import SalesOrder
from yunying.sales.services import orders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/v1/no-such-thing/", "/api/v1/sales-orders/abc/", "/api/v2/", "/api/"]
)
def test_unknown_addresses_answer_json(api: Any, url: str) -> None:
    response = api("ops_specialist").get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_a_fault_answers_json_500(api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    order = draft_order("C002", {"MC4-P": (1, 6)})

    def fault(**kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(orders, "confirm_order", fault)
    response = api("ops_specialist").post(f"/api/v1/sales-orders/{order.pk}/confirm/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def test_busy_answers_503_with_retry_after(api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    order = draft_order("C002", {"MC4-P": (1, 6)})

    def busy(**kwargs: Any) -> None:
        raise Busy()

    monkeypatch.setattr(orders, "confirm_order", busy)
    response = api("ops_specialist").post(f"/api/v1/sales-orders/{order.pk}/confirm/")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response.json()["code"] == "busy"
    assert SalesOrder.objects.get(pk=order.pk).state == "draft"


def test_a_busy_page_keeps_the_form(web: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form comes back with what was typed and the message to try again."""
    from tests.sales_steps import confirmed_order
    from tests.stock import put_stock
    from yunying.sales.services import deliveries

    put_stock("MC4-P", 10, cost=3)
    notice = confirmed_order("C002", {"MC4-P": (1, 6)}).deliveries.get()

    def busy(**kwargs: Any) -> None:
        raise Busy()

    monkeypatch.setattr(deliveries, "ship", busy)
    response = web("logistics_clerk").post(
        f"/sales/deliveries/{notice.pk}/ship/",
        {"carrier": "顺丰速运", "tracking_number": "SF-KEEP-ME"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "SF-KEEP-ME" in page and str(Busy().message) in page
