"""The sales API as clients use it: an order entered, confirmed and shipped; the whole way to a
closed order; refusals as JSON with the clause (INV-6, SALES-6, SALES-7); scopes; notices,
problems, returns, payments, ageing, targets and statistics."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.sales_steps import confirmed_order, ship_and_deliver
from tests.stock import item, location, person, put_stock
from yunying.inventory import selectors as stock
from yunying.masterdata.models import Customer, Region
from yunying.sales.models import Receivable, SalesOrder, SalesTarget

from .helpers import day

pytestmark = pytest.mark.django_db


def _customer(code: str) -> int:
    return Customer.objects.get(code=code).pk


def _order(customer: str, lines: list[tuple[str, str, str | None]], **extra: object) -> dict:
    return {
        "customer": _customer(customer),
        "promised_date": day(5),
        "lines": [
            {"item": item(code).pk, "quantity": quantity, "unit_price": price}
            for code, quantity, price in lines
        ],
        **extra,
    }


def test_enter_confirm_and_ship_as_a_client_does(api) -> None:
    put_stock("PV-M550", 500, cost=620)
    specialist = api("ops_specialist")
    created = specialist.post(
        "/api/v1/sales-orders/",
        _order("C001", [("PV-M550", "10", "780")], customer_reference="PO-1"),
        format="json",
    )
    assert created.status_code == 201, created.json()
    order = created.json()
    assert order["state"] == "draft" and order["amount"] == "7800.00"
    assert order["customer_reference"] == "PO-1" and order["deliveries"] == []

    confirmed = specialist.post(f"/api/v1/sales-orders/{order['id']}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    body = confirmed.json()
    assert body["state"] == "confirmed" and body["lines"][0]["reserved_quantity"] == "10.000"
    [notice] = body["deliveries"]
    assert notice["state"] == "notice"

    shipped = api("logistics_clerk").post(
        f"/api/v1/deliveries/{notice['id']}/ship/",
        {"carrier": "顺丰速运", "tracking_number": "SF100200"},
        format="json",
    )
    assert shipped.status_code == 200, shipped.json()
    assert shipped.json()["state"] == "shipped" and shipped.json()["tracking_number"] == "SF100200"
    assert shipped.json()["shipped_at"] is not None
    assert stock.available(item("PV-M550").pk) == 490


def test_the_whole_way_to_a_closed_order(api) -> None:
    put_stock("INV-M2", 50, cost=980)
    specialist, clerk = api("ops_specialist"), api("logistics_clerk")
    order = specialist.post(
        "/api/v1/sales-orders/", _order("C006", [("INV-M2", "20", None)]), format="json"
    ).json()
    assert order["lines"][0]["unit_price"] == "1350.0000"  # the list price
    order = specialist.post(f"/api/v1/sales-orders/{order['id']}/confirm/").json()
    delivery = order["deliveries"][0]["id"]
    clerk.post(
        f"/api/v1/deliveries/{delivery}/ship/",
        {"carrier": "德邦", "tracking_number": "DB9"},
        format="json",
    )
    delivered = clerk.post(f"/api/v1/deliveries/{delivery}/delivered/", {}, format="json")
    assert delivered.status_code == 200 and delivered.json()["state"] == "delivered"
    receipt = specialist.post(
        f"/api/v1/deliveries/{delivery}/receipt/", {"note": "已签收"}, format="json"
    )
    assert receipt.json()["receipt_confirmed_at"] is not None
    receivables = api("accountant").get(f"/api/v1/receivables/?customer={_customer('C006')}")
    [receivable] = receivables.json()["results"]
    assert receivable["amount"] == "27000.00" and receivable["state"] == "open"
    payment = api("accountant").post(
        "/api/v1/payments/",
        {"customer": _customer("C006"), "amount": "27000", "reference": "B-1"},
        format="json",
    )
    assert payment.status_code == 201, payment.json()
    assert payment.json()["allocations"][0]["receivable"] == receivable["id"]
    final = specialist.get(f"/api/v1/sales-orders/{order['id']}/").json()
    assert final["state"] == "closed" and final["closed_at"] is not None
    payments = api("accountant").get("/api/v1/payments/").json()
    assert payments["count"] == 1 and payments["results"][0]["method"] == "transfer"


def test_not_enough_stock_is_a_clear_409_with_the_clause(api) -> None:
    put_stock("INV-S10", 5, cost=3200)
    specialist = api("ops_specialist")
    order = specialist.post(
        "/api/v1/sales-orders/", _order("C001", [("INV-S10", "8", "4200")]), format="json"
    ).json()
    response = specialist.post(f"/api/v1/sales-orders/{order['id']}/confirm/")
    assert response.status_code == 409
    body = response.json()
    assert body["clause"] == "INV-6" and body["code"] == "insufficient_stock"
    assert "5" in body["detail"] and "8" in body["detail"]
    assert specialist.get(f"/api/v1/sales-orders/{order['id']}/").json()["state"] == "draft"


def test_beyond_the_credit_limit_the_order_waits_and_the_approvals_confirm_it(api, web) -> None:
    put_stock("PV-M550", 1000, cost=620)
    specialist = api("ops_specialist")
    order = specialist.post(
        "/api/v1/sales-orders/", _order("C004", [("PV-M550", "400", "780")]), format="json"
    ).json()
    body = specialist.post(f"/api/v1/sales-orders/{order['id']}/confirm/").json()
    assert body["state"] == "credit_review" and body["deliveries"] == []
    request = body["approval"]
    assert request is not None
    assert web("ops_manager").post(f"/approvals/{request}/approve/").status_code == 302
    assert specialist.get(f"/api/v1/sales-orders/{order['id']}/").json()["state"] == "credit_review"
    web("fin_manager").post(f"/approvals/{request}/approve/")
    final = specialist.get(f"/api/v1/sales-orders/{order['id']}/").json()
    assert final["state"] == "confirmed" and len(final["deliveries"]) == 1
    assert final["lines"][0]["reserved_quantity"] == "400.000"


def test_scopes_and_permissions(api) -> None:
    put_stock("JB-IP68", 100, cost=28)
    order = confirmed_order("C004", {"JB-IP68": (10, 45)})
    assert api("buyer").get("/api/v1/sales-orders/").status_code == 403
    assert api("buyer").get(f"/api/v1/sales-orders/{order.pk}/").status_code == 404
    assert api("biz_lead").get(f"/api/v1/sales-orders/{order.pk}/").status_code == 404
    assert api("accountant").get(f"/api/v1/sales-orders/{order.pk}/").status_code == 200
    listed = api("data_analyst").get("/api/v1/sales-orders/?state=confirmed").json()
    assert [o["id"] for o in listed["results"]] == [order.pk]
    refused = api("logistics_clerk").post(
        "/api/v1/sales-orders/", _order("C004", [("JB-IP68", "1", "45")]), format="json"
    )
    assert refused.status_code == 403
    notice = order.deliveries.get()
    shipping = api("ops_specialist").post(
        f"/api/v1/deliveries/{notice.pk}/ship/",
        {"carrier": "SF", "tracking_number": "1"},
        format="json",
    )
    assert shipping.status_code == 403 and shipping.json()["code"] == "permission_denied"
    assert api("buyer").get(f"/api/v1/deliveries/{notice.pk}/").status_code == 404
    assert api("logistics_clerk").get(f"/api/v1/deliveries/{notice.pk}/").status_code == 200
    assert api("logistics_clerk").get("/api/v1/receivables/").status_code == 403
    assert api("ops_specialist").get("/api/v1/sales-statistics/").status_code == 403
    assert api("ops_specialist").get("/api/v1/sales-targets/").status_code == 403
    bad = api("ops_specialist").get("/api/v1/sales-orders/?state=nonsense")
    assert bad.status_code == 400 and bad.json()["field"] == "state"


def test_input_is_checked_and_named(api) -> None:
    specialist = api("ops_specialist")
    empty = specialist.post("/api/v1/sales-orders/", _order("C001", []), format="json")
    assert empty.status_code == 400 and empty.json()["field"] == "lines"
    unknown = specialist.post(
        "/api/v1/sales-orders/",
        {**_order("C001", []), "lines": [{"item": 999999, "quantity": "1", "unit_price": "1"}]},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "lines[0].item"
    past = specialist.post(
        "/api/v1/sales-orders/",
        _order("C001", [("PV-M550", "1", "780")], promised_date=day(-2)),
        format="json",
    )
    assert past.status_code == 400 and past.json()["clause"] == "SALES-1"
    other = Customer.objects.get(code="C005")
    Customer.objects.filter(pk=other.pk).update(department=person("buyer").department)
    outside = specialist.post(
        "/api/v1/sales-orders/", _order("C005", [("PV-M550", "1", "780")]), format="json"
    )
    assert outside.status_code == 400 and outside.json()["field"] == "customer"


def test_a_draft_is_changed_and_an_order_cancelled_with_its_reason(api) -> None:
    put_stock("PV-M550", 100, cost=620)
    specialist = api("ops_specialist")
    order = specialist.post(
        "/api/v1/sales-orders/", _order("C001", [("PV-M550", "10", "780")]), format="json"
    ).json()
    changed = specialist.put(
        f"/api/v1/sales-orders/{order['id']}/",
        {
            "promised_date": day(9),
            "note": "分两批",
            "lines": [{"item": item("PV-M550").pk, "quantity": "20", "unit_price": "760"}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["amount"] == "15200.00" and changed.json()["note"] == "分两批"
    no_reason = specialist.post(f"/api/v1/sales-orders/{order['id']}/cancel/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    specialist.post(f"/api/v1/sales-orders/{order['id']}/confirm/")
    cancelled = specialist.post(
        f"/api/v1/sales-orders/{order['id']}/cancel/", {"reason": "客户取消"}, format="json"
    )
    assert cancelled.json()["state"] == "cancelled"
    again = specialist.put(
        f"/api/v1/sales-orders/{order['id']}/",
        {
            "promised_date": day(9),
            "lines": [{"item": item("PV-M550").pk, "quantity": "1", "unit_price": "1"}],
        },
        format="json",
    )
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_a_second_notice_problems_returns_and_their_resolution(api) -> None:
    put_stock("INV-S50", 3, cost=9800)
    order = confirmed_order("C003", {"INV-S50": (5, 12800)}, backorder=True)
    line = order.lines.get()
    specialist = api("ops_specialist")
    too_much = specialist.post(
        f"/api/v1/sales-orders/{order.pk}/notices/",
        {"lines": [{"line": line.pk, "quantity": "3"}]},
        format="json",
    )
    assert too_much.status_code == 400 and too_much.json()["clause"] == "SALES-2"
    wrong = specialist.post(
        f"/api/v1/sales-orders/{order.pk}/notices/",
        {"lines": [{"line": 999999, "quantity": "1"}]},
        format="json",
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "lines[0].line"
    first = order.deliveries.get()
    ship_and_deliver(order)
    put_stock("INV-S50", 2, cost=9900)
    second = specialist.post(
        f"/api/v1/sales-orders/{order.pk}/notices/",
        {"lines": [{"line": line.pk, "quantity": "2"}]},
        format="json",
    )
    assert second.status_code == 201 and second.json()["lines"][0]["quantity"] == "2.000"

    delivery_line = first.lines.get()
    problem = specialist.post(
        f"/api/v1/deliveries/{first.pk}/problems/",
        {"kind": "short", "line": delivery_line.pk, "quantity": "1", "description": "少一台"},
        format="json",
    )
    assert problem.status_code == 201, problem.json()
    assert problem.json()["kind"] == "short" and problem.json()["state"] == "open"
    bad_kind = specialist.post(
        f"/api/v1/deliveries/{first.pk}/problems/",
        {"kind": "lost", "description": "x"},
        format="json",
    )
    assert bad_kind.status_code == 400 and bad_kind.json()["field"] == "kind"
    returned = specialist.post(
        f"/api/v1/deliveries/{first.pk}/returns/",
        {
            "lines": [{"line": delivery_line.pk, "quantity": "1"}],
            "location": location("RET").pk,
            "reason": "退回一台",
            "problem": problem.json()["id"],
        },
        format="json",
    )
    assert returned.status_code == 201, returned.json()
    assert returned.json()["credit_amount"] == "12800.00"
    wrong_place = specialist.post(
        f"/api/v1/deliveries/{first.pk}/returns/",
        {
            "lines": [{"line": delivery_line.pk, "quantity": "1"}],
            "location": location("A-01").pk,
            "reason": "再退",
        },
        format="json",
    )
    assert wrong_place.status_code == 400 and wrong_place.json()["field"] == "location"
    resolved = specialist.post(
        f"/api/v1/deliveries/{first.pk}/resolve/",
        {"problem": problem.json()["id"], "resolution": "已退货"},
        format="json",
    )
    assert resolved.status_code == 200 and resolved.json()["state"] == "resolved"
    detail = specialist.get(f"/api/v1/deliveries/{first.pk}/").json()
    assert detail["lines"][0]["returned_quantity"] == "1.000" and len(detail["returns"]) == 1
    assert Receivable.objects.get(delivery=first).credited == Decimal("12800.00")


def test_payments_allocate_as_asked_and_more_than_owed_is_refused(api) -> None:
    put_stock("INV-M2", 100, cost=980)
    first = ship_and_deliver(confirmed_order("C006", {"INV-M2": (10, 1350)}))
    second = ship_and_deliver(confirmed_order("C006", {"INV-M2": (10, 1350)}))
    older, newer = (Receivable.objects.get(delivery=d) for d in (first, second))
    accountant = api("accountant")
    chosen = accountant.post(
        "/api/v1/payments/",
        {
            "customer": _customer("C006"),
            "amount": "2000",
            "method": "cash",
            "allocations": [{"receivable": newer.pk, "amount": "2000"}],
        },
        format="json",
    )
    assert chosen.status_code == 201, chosen.json()
    newer.refresh_from_db()
    assert newer.paid == Decimal("2000.00") and newer.state == "partial"
    too_much = accountant.post(
        "/api/v1/payments/", {"customer": _customer("C006"), "amount": "99999"}, format="json"
    )
    assert too_much.status_code == 400 and too_much.json()["clause"] == "SALES-5"
    foreign = accountant.post(
        "/api/v1/payments/",
        {
            "customer": _customer("C001"),
            "amount": "10",
            "allocations": [{"receivable": older.pk, "amount": "10"}],
        },
        format="json",
    )
    assert foreign.status_code == 400 and foreign.json()["field"] == "allocations[0].receivable"
    bad_method = accountant.post(
        "/api/v1/payments/",
        {"customer": _customer("C006"), "amount": "10", "method": "cheque"},
        format="json",
    )
    assert bad_method.status_code == 400 and bad_method.json()["field"] == "method"
    assert (
        api("ops_specialist")
        .post("/api/v1/payments/", {"customer": _customer("C006"), "amount": "10"}, format="json")
        .status_code
        == 403
    )


def test_ageing_by_customer_and_region(api) -> None:
    put_stock("MNT-RF", 100, cost=450)
    today = timezone.localdate()
    for days_overdue in (-5, 10, 45, 75, 120):
        delivery = ship_and_deliver(confirmed_order("C002", {"MNT-RF": (10, 650)}))
        Receivable.objects.filter(delivery=delivery).update(
            due_date=today - timezone.timedelta(days=days_overdue)
        )
    body = api("accountant").get("/api/v1/receivables/ageing/?by=region").json()
    assert [b["key"] for b in body["buckets"]] == ["current", "1-30", "31-60", "61-90", "91+"]
    assert body["rows"][0]["label"] == "江苏" and body["rows"][0]["buckets"] == ["6500.00"] * 5
    assert body["total"] == "32500.00"
    by_customer = api("ops_specialist").get("/api/v1/receivables/ageing/").json()
    assert by_customer["by"] == "customer" and by_customer["rows"][0]["total"] == "32500.00"
    overdue = api("accountant").get("/api/v1/receivables/?overdue=1").json()
    assert overdue["count"] == 4 and all(r["overdue"] for r in overdue["results"])
    wrong = api("accountant").get("/api/v1/receivables/ageing/?by=item")
    assert wrong.status_code == 400


def test_targets_are_set_listed_with_achievement_and_parts_never_exceed_the_whole(api) -> None:
    today = timezone.localdate()
    manager = api("ops_manager")
    whole = manager.post(
        "/api/v1/sales-targets/",
        {
            "period": "month",
            "year": today.year,
            "number": today.month,
            "region": Region.objects.get(code="EAST").pk,
            "orders_amount": "500000",
        },
        format="json",
    )
    assert whole.status_code == 201, whole.json()
    part = {
        "period": "month",
        "year": today.year,
        "number": today.month,
        "region": Region.objects.get(code="SH").pk,
        "parent": whole.json()["id"],
        "orders_amount": "600000",
    }
    refused = manager.post("/api/v1/sales-targets/", part, format="json")
    assert refused.status_code == 409 and refused.json()["clause"] == "SALES-6"
    assert (
        manager.post(
            "/api/v1/sales-targets/", {**part, "orders_amount": "300000"}, format="json"
        ).status_code
        == 201
    )
    put_stock("PV-M550", 200, cost=620)
    confirmed_order("C001", {"PV-M550": (100, 780)})
    tree = (
        api("data_analyst")
        .get(f"/api/v1/sales-targets/?period=month&year={today.year}&number={today.month}")
        .json()
    )
    assert [(row["depth"], row["target"]["region_code"]) for row in tree] == [
        (0, "EAST"),
        (1, "SH"),
    ]
    assert tree[0]["orders"] == "78000.00" and tree[0]["orders_rate"] == 15.6
    assert (
        api("data_analyst").post("/api/v1/sales-targets/", part, format="json").status_code == 403
    )
    assert SalesTarget.objects.count() == 2


def test_statistics_by_each_dimension(api) -> None:
    put_stock("PV-M550", 500, cost=620)
    ship_and_deliver(confirmed_order("C001", {"PV-M550": (100, 780)}))
    confirmed_order("C002", {"PV-M550": (50, 800)})
    analyst = api("data_analyst")
    by_item = analyst.get("/api/v1/sales-statistics/?by=item").json()
    assert by_item["rows"][0]["label"].startswith("PV-M550")
    assert by_item["amount"] == "118000.00" and by_item["delivered"] == "78000.00"
    by_region = analyst.get("/api/v1/sales-statistics/?by=region").json()
    assert {row["label"].split()[0] for row in by_region["rows"]} == {"SH", "JS"}
    month = timezone.localdate().strftime("%Y-%m")
    assert analyst.get("/api/v1/sales-statistics/").json()["rows"][0]["label"] == month
    empty = analyst.get("/api/v1/sales-statistics/?by=customer&start=2000-01-01&end=2000-12-31")
    assert empty.json()["rows"] == []
    assert analyst.get("/api/v1/sales-statistics/?start=yesterday").status_code == 400
    assert SalesOrder.objects.count() == 2


@pytest.mark.clause("ORG-4")
def test_an_out_of_scope_customer_answers_like_a_missing_one(api) -> None:
    """No oracle: posting an order for a customer outside the caller's scope tells nothing
    about that customer (not even that it exists)."""
    import datetime

    from django.utils import timezone

    from tests.stock import item, person
    from yunying.masterdata.models import Customer
    from yunying.sales.selectors.orders import customers_for_orders

    visible = customers_for_orders(person("biz_lead"))
    outside = Customer.objects.exclude(pk__in=visible.values("pk")).first()
    assert outside is not None
    missing = Customer.objects.order_by("-pk").first().pk + 1000

    def post(customer: int) -> dict[str, object]:
        response = api("biz_lead").post(
            "/api/v1/sales-orders/",
            {
                "customer": customer,
                "promised_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
                "lines": [{"item": item("MC4-P").pk, "quantity": "1", "unit_price": "6"}],
            },
            format="json",
        )
        assert response.status_code == 400
        return response.json()

    hidden, absent = post(outside.pk), post(missing)
    assert hidden["field"] == absent["field"] == "customer"
    assert hidden["detail"].replace(str(outside.pk), "#") == absent["detail"].replace(
        str(missing), "#"
    )
    assert outside.code not in hidden["detail"] and outside.name not in hidden["detail"]
