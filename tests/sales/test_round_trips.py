"""Round trips are a budget (docs/architecture.md): an order costs at most 20 statements for
create, confirm and ship through the services on PostgreSQL (BEGIN and COMMIT included), and an
API request at most 6 more than its service. SQLite runs each write of a batch as a statement
of its own, so its budget is larger; its statements cost no network round trip."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.sales_steps import customer
from tests.stock import item, person, put_stock
from yunying.core.models import Employee
from yunying.sales.services import deliveries, orders

pytestmark = pytest.mark.django_db

SERVICES = {"postgresql": 20, "sqlite": 39}  # SQLite: shipping reads the news of its task too
API_EXTRA = 6


def _order_path(code: str, n: int, specialist: Employee, clerk: Employee) -> list[int]:
    """Statements of create, confirm and ship of one order of one line (the employees' grants
    are loaded once, as they are once per request)."""
    buyer, component = customer("C002"), item(code)
    counts = []
    with CaptureQueriesContext(connection) as create:
        order = orders.create_order(
            customer=buyer,
            promised_date=timezone.localdate() + datetime.timedelta(days=5),
            lines=[orders.OrderLine(component, Decimal(1), Decimal("6"))],
            actor=specialist,
        )
    counts.append(len(create))
    with CaptureQueriesContext(connection) as confirm:
        order = orders.confirm_order(order=order, actor=specialist)
    counts.append(len(confirm))
    notice = order.deliveries.get()
    with CaptureQueriesContext(connection) as ship:
        deliveries.ship(delivery=notice, carrier="顺丰", tracking_number=f"SF{n}", actor=clerk)
    counts.append(len(ship))
    return counts


def test_an_order_costs_at_most_twenty_statements_through_the_services() -> None:
    put_stock("MC4-P", 100, cost=3)
    people = person("ops_specialist"), person("logistics_clerk")
    _order_path("MC4-P", 0, *people)  # the first number of the year creates its sequence row
    counts = _order_path("MC4-P", 1, *people)
    assert sum(counts) <= SERVICES[connection.vendor], f"create, confirm, ship: {counts}"


def test_each_api_step_costs_at_most_six_statements_more_than_its_service(api: Any) -> None:
    put_stock("MC4-P", 100, cost=3)
    people = person("ops_specialist"), person("logistics_clerk")
    _order_path("MC4-P", 0, *people)
    service = _order_path("MC4-P", 1, *people)
    specialist, clerk = api("ops_specialist"), api("logistics_clerk")
    promised = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    body = {
        "customer": customer("C002").pk,
        "promised_date": promised,
        "lines": [{"item": item("MC4-P").pk, "quantity": "1", "unit_price": "6"}],
    }
    with CaptureQueriesContext(connection) as create:
        created = specialist.post("/api/v1/sales-orders/", body, format="json")
    assert created.status_code == 201, created.json()
    order = created.json()["id"]
    with CaptureQueriesContext(connection) as confirm:
        confirmed = specialist.post(f"/api/v1/sales-orders/{order}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    notice = confirmed.json()["deliveries"][0]["id"]
    with CaptureQueriesContext(connection) as ship:
        shipped = clerk.post(
            f"/api/v1/deliveries/{notice}/ship/",
            {"carrier": "顺丰", "tracking_number": "SF2"},
            format="json",
        )
    assert shipped.status_code == 200, shipped.json()
    through_api = [len(create), len(confirm), len(ship)]
    extra = [a - s for a, s in zip(through_api, service, strict=True)]
    assert max(extra) <= API_EXTRA, f"API {through_api} against services {service}"


def test_the_answers_show_what_the_services_did(api: Any) -> None:
    """Built from what the services returned, the answers still carry everything."""
    put_stock("MC4-P", 100, cost=3)
    specialist, clerk = api("ops_specialist"), api("logistics_clerk")
    body = {
        "customer": customer("C002").pk,
        "promised_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        "lines": [{"item": item("MC4-P").pk, "quantity": "3", "unit_price": "6"}],
    }
    created = specialist.post("/api/v1/sales-orders/", body, format="json").json()
    assert created["state"] == "draft" and created["number"].startswith("SO-")
    assert created["customer_code"] == "C002" and created["region_name"]
    assert created["lines"][0]["item_code"] == "MC4-P" and created["amount"] == "18.00"
    assert created["deliveries"] == [] and created["approval"] is None
    confirmed = specialist.post(f"/api/v1/sales-orders/{created['id']}/confirm/").json()
    assert confirmed["state"] == "confirmed"
    assert confirmed["lines"][0]["reserved_quantity"] == "3.000"
    assert confirmed["lines"][0]["noticed_quantity"] == "3.000"
    assert [d["state"] for d in confirmed["deliveries"]] == ["notice"]
    again = specialist.get(f"/api/v1/sales-orders/{created['id']}/").json()
    assert again == confirmed
    notice = confirmed["deliveries"][0]["id"]
    shipped = clerk.post(
        f"/api/v1/deliveries/{notice}/ship/",
        {"carrier": "顺丰", "tracking_number": "SF3"},
        format="json",
    ).json()
    assert shipped["state"] == "shipped" and shipped["tracking_number"] == "SF3"
    assert shipped["customer_name"] and shipped["lines"][0]["item_code"] == "MC4-P"
    assert shipped == clerk.get(f"/api/v1/deliveries/{notice}/").json()
